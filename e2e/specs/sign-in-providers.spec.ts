// Login.gov and ID.me as a US resident meets them in the demo: the widget sends the person to the
// provider's own page by a full-page navigation, they sign in at the emulated provider as a test
// person, and the provider sends them back through the BFF to the demo, where the widget resumes
// on the result. The provider pages are the emulators' (packages/emulators/src/shared/oidc).
import type { Page, Request } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, hostSession, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

const presets = (page: Page) => page.getByRole('group', { name: 'What your product needs' });
const providerChoices = (page: Page) => page.getByRole('group', { name: 'Providers to offer' });

/** The demo's form: a preset, the provider ticked (and others to offer), then consent, the United States and the provider. */
async function startAs(page: Page, stack: StackInfo, preset: string, provider: string, alsoOffer: string[] = []) {
  await page.goto(stack.demoUrl);
  await presets(page).getByRole('radio', { name: preset }).check();
  for (const name of [provider, ...alsoOffer]) await providerChoices(page).getByRole('checkbox', { name, exact: true }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await acceptConsent(page);
  await chooseCountry(page, 'United States');
  await widget(page).getByRole('radio', { name: new RegExp(`^${provider.replace('.', '\\.')}`) }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByRole('heading', { name: `Verify with ${provider}` })).toBeVisible();
}

/** At the provider's page (the emulator's), as the person: who signs in, and how it ends. */
async function signInAt(page: Page, provider: string, outcome: 'Verified' | 'Not verified at this level' | 'Cancel (access_denied)' = 'Verified') {
  await expect(page.getByRole('heading', { name: `${provider} (emulator)` })).toBeVisible();
  await page.getByRole('group', { name: 'Outcome' }).getByRole('radio', { name: outcome, exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
}

const continueTo = (page: Page, provider: string) => widget(page).getByRole('link', { name: `Continue to ${provider}` });

for (const provider of ['Login.gov', 'ID.me']) {
  test(`${provider}: a US resident signs in as a verified person, comes back and is verified with an identity at high`, async ({ page, stack }) => {
    const requests: string[] = [];
    page.on('request', (request: Request) => void requests.push(request.url()));
    await startAs(page, stack, 'Identity, low assurance', provider);
    await continueTo(page, provider).click();
    await signInAt(page, provider);
    await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(stack.demoUrl).origin);
    const key = provider === 'Login.gov' ? 'login_gov' : 'id_me';
    const session = await hostSession(page, stack);
    expect(session).toMatchObject({ status: 'verified', provider_key: key });
    await expect(page.getByText(`verified_identity (${key}, assurance high)`)).toBeVisible();
    await expect(page.getByText(`verified_human (${key}, assurance high)`)).toBeVisible();
    // The whole journey, the provider's pages included, stayed on this machine.
    for (const url of requests.filter((u) => /^https?:/.test(u))) expect(['127.0.0.1', 'localhost']).toContain(new URL(url).hostname);
  });

  test(`${provider}: a humanity check proves only a human, at substantial`, async ({ page, stack }) => {
    await startAs(page, stack, 'Humanity check', provider);
    await continueTo(page, provider).click();
    await signInAt(page, provider);
    await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
    const key = provider === 'Login.gov' ? 'login_gov' : 'id_me';
    const session = await hostSession(page, stack);
    expect(session.claims.map((c) => [c.type, c.assurance_level])).toEqual([['verified_human', 'substantial']]);
    await expect(page.getByText(`verified_human (${key}, assurance substantial)`)).toBeVisible();
  });

  test(`${provider}: a person who cancels there comes back to the other ways to verify`, async ({ page, stack }) => {
    await startAs(page, stack, 'Identity, low assurance', provider, ['Stripe Identity']);
    await continueTo(page, provider).click();
    await signInAt(page, provider, 'Cancel (access_denied)');
    await expect(widget(page).getByRole('heading', { name: 'You left before finishing' })).toBeVisible();
    await expect(widget(page).getByText('The verification was left before it was finished.')).toBeVisible();
    expect((await hostSession(page, stack)).status).toBe('requires_input');
    await widget(page).getByRole('button', { name: 'Choose another way' }).click();
    const ways = widget(page).getByRole('group', { name: 'Ways to verify' });
    await expect(ways.getByRole('radio')).not.toHaveCount(0);
    await expect(ways.getByRole('radio', { name: /^Stripe Identity/ })).toBeVisible();
  });
}

test('Login.gov: back from the provider’s page before signing in, the widget resumes the same sign-in', async ({ page, stack }) => {
  await startAs(page, stack, 'Identity, low assurance', 'Login.gov');
  const first = await continueTo(page, 'Login.gov').getAttribute('href');
  await continueTo(page, 'Login.gov').click();
  await expect(page.getByRole('heading', { name: 'Login.gov (emulator)' })).toBeVisible();
  await page.goBack();
  await page.reload();
  await expect(continueTo(page, 'Login.gov')).toHaveAttribute('href', first!);
  await continueTo(page, 'Login.gov').click();
  await signInAt(page, 'Login.gov');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});

test('Login.gov: an altered or replayed link back is refused with a page saying so, and changes nothing', async ({ page, stack, guard }) => {
  // The refusal page answers 404, which the browser logs.
  guard.allowConsoleError(/status of 404 \(Not Found\)/);
  await startAs(page, stack, 'Identity, low assurance', 'Login.gov');
  const callback = page.waitForRequest((r) => r.url().startsWith(`${stack.bffUrl}/v1/providers/login_gov/callback`));
  await continueTo(page, 'Login.gov').click();
  await signInAt(page, 'Login.gov');
  const link = new URL((await callback).url());
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();

  await page.goto(link.href);
  await expect(page.getByRole('heading', { name: 'Sign-in not finished' })).toBeVisible();
  await expect(page.getByText('already used, or it is not one we started')).toBeVisible();
  const altered = new URL(link);
  altered.searchParams.set('state', `${link.searchParams.get('state')}tampered`);
  await page.goto(altered.href);
  await expect(page.getByRole('heading', { name: 'Sign-in not finished' })).toBeVisible();
  expect((await hostSession(page, stack)).status).toBe('verified');
});
