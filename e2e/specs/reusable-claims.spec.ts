// Reusable claims in real Chromium: the test is the host backend (it creates sessions for its user,
// the subject, with its API key) and the host's page (it mounts <identity-verify> with a session's
// client secret, as an integrator's page does, on a page of the demo's origin). A person verifies
// with Stripe Identity once; a second session for the same subject, with reuse allowed, shows
// "You're already verified" and no provider at all, and the host reads the subject's claims.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

const MODAL_TITLE = 'Stripe Identity verification (emulated)';
const VERIFIED = "Verify as Stripe's test person (verified)";

/** The host backend creates a session for its user. */
async function createSession(page: Page, stack: StackInfo, body: Record<string, unknown>): Promise<{ id: string; client_secret: string; status: string }> {
  const response = await page.request.post(`${stack.bffUrl}/v1/sessions`, { headers: { authorization: `Bearer ${stack.apiKey}` }, data: body });
  expect(response.status()).toBe(201);
  return response.json();
}

/** The host's page: the widget built from its one script and mounted with the client secret (as demo/src/widget-host.ts does). */
async function mountWidget(page: Page, stack: StackInfo, clientSecret: string): Promise<void> {
  await page.goto(`${stack.demoUrl}/privacy.html`);
  await page.addScriptTag({ url: `${stack.demoUrl}/widget/identity-verify.js`, type: 'module' });
  await page.evaluate(
    ({ secret, bff, privacy }) => {
      const region = document.createElement('section');
      region.setAttribute('aria-label', 'The widget');
      const element = document.createElement('identity-verify');
      element.setAttribute('client-secret', secret);
      element.setAttribute('api-base', bff);
      element.setAttribute('locale', 'en');
      element.setAttribute('organization-name', 'Acme Demo');
      element.setAttribute('privacy-policy-url', privacy);
      region.append(element);
      document.body.prepend(region);
    },
    { secret: clientSecret, bff: stack.bffUrl, privacy: `${stack.demoUrl}/privacy.html` },
  );
}

test('a subject verified with Stripe once is verified at once in a later session that allows reuse, and the host reads its claims', async ({ page, stack, guard }) => {
  const subject = `e2e_user_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;

  // The first time: the person goes through Stripe Identity.
  const first = await createSession(page, stack, {
    subject,
    requirements: { layer: 'identity', min_assurance: 'low', face_check: 'none', accepted_providers: ['stripe_identity'] },
  });
  await mountWidget(page, stack, first.client_secret);
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toBeVisible();
  await acceptConsent(page);
  await chooseCountry(page, 'United States');
  await widget(page).getByRole('radio', { name: /Stripe Identity/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
  await page.getByTitle(MODAL_TITLE).contentFrame().getByRole('button', { name: VERIFIED }).click();
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();

  // The second time, at a higher assurance, with reuse allowed: verified as it is created.
  const second = await createSession(page, stack, { subject, reuse_claims: true, requirements: { layer: 'identity', min_assurance: 'high' } });
  expect(second.status).toBe('verified');
  const bffCallsBefore = guard.responsesFrom(stack.bffUrl).length;
  const stripeCallsBefore = guard.responsesFrom(stack.stripeUrl).length;
  await mountWidget(page, stack, second.client_secret);
  await expect(widget(page).getByRole('heading', { name: "You're already verified" })).toBeVisible();
  await expect(widget(page).getByText('Acme Demo accepted a verification you completed before. There is nothing more to do.')).toBeVisible();
  // No consent, no choice of provider, no provider's code: nothing was started.
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toHaveCount(0);
  await expect(widget(page).getByRole('button', { name: /Verify with/ })).toHaveCount(0);
  await expect(page.getByTitle(MODAL_TITLE)).toHaveCount(0);
  const secondCalls = guard.responsesFrom(stack.bffUrl).slice(bffCallsBefore).map((r) => new URL(r.url()).pathname);
  expect(secondCalls.filter((path) => /\/v1\/identity\/(verify|providers)/.test(path))).toEqual([]);
  expect(guard.responsesFrom(stack.stripeUrl).length).toBe(stripeCallsBefore);

  // The host reads the subject's claims: an identity claim by its claim_ref only, never the person's data.
  const claims = await page.request.get(`${stack.bffUrl}/v1/identity/claims?subject=${subject}`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  expect(claims.status()).toBe(200);
  const list = (await claims.json()) as Array<{ type: string; provider_key: string; status: string; session_id: string; claim_ref: string | null }>;
  expect(list.map((c) => [c.type, c.provider_key, c.status, c.session_id]).sort()).toEqual([
    ['verified_human', 'stripe_identity', 'active', first.id],
    ['verified_identity', 'stripe_identity', 'active', first.id],
  ]);
  expect(list.find((c) => c.type === 'verified_identity')!.claim_ref).toMatch(/^cref_/);
  expect(JSON.stringify(list)).not.toMatch(/Jenny|Rosen/);
  const session = await (await page.request.get(`${stack.bffUrl}/v1/sessions/${second.id}`, { headers: { authorization: `Bearer ${stack.apiKey}` } })).json();
  expect(session).toMatchObject({ status: 'verified', subject, provider_key: 'stripe_identity' });
});
