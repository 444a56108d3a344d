// Plaid Identity Verification as a US resident meets it in the demo: the widget's "Verify with
// Plaid" opens Plaid Link (the emulator's stand-in, loaded through the link-initialize.js URL the
// BFF hands the widget) in a frame over the page; the person goes through Link's steps as the
// sandbox's test person, Leslie Knope, prefilled. Link's callbacks only say the person finished:
// the BFF reads the verdict from Plaid, or learns it from Plaid's signed webhooks. The Link pages
// and the controls are the emulator's (packages/emulators/src/plaid, README "Plaid").
//
// The tests of this file run one after another in one worker: one asks the emulator to sign its
// next webhooks badly and rotates its key, which would reach another test's webhooks side by side.
import type { Page, Request } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, attemptRef, chooseCountry, hostSession, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

test.describe.configure({ mode: 'default' });

const PLAID = 'Plaid Identity Verification';
const OUTCOME = {
  fail_kyc: 'Fail at the data (KYC) check, with no document fallback',
  pending_review: 'End in pending review (the risk check asks for a manual review)',
} as const;

/** The emulated Link's dialog, in the frame Link's loader put over the page. */
const link = (page: Page) => page.getByTitle('Plaid Link (emulated)').contentFrame().getByRole('dialog', { name: 'Verify your identity' });
/** The emulator's controls over HTTP. */
const controls = (stack: StackInfo) => `${stack.emulatorUrls.plaid}/__emulator__/plaid`;

interface Delivery {
  id: number;
  webhook_code: string;
  identity_verification_id: string;
  signing_fault: string | null;
  status: number | null;
  ok: boolean;
}

async function deliveries(page: Page, stack: StackInfo, after = 0): Promise<Delivery[]> {
  const { webhooks } = (await (await page.request.get(`${controls(stack)}/webhooks`)).json()) as { webhooks: Delivery[] };
  return webhooks.filter((d) => d.id > after);
}

async function verification(page: Page, stack: StackInfo, id: string) {
  const response = await page.request.get(`${controls(stack)}/identity_verifications/${id}`);
  expect(response.status()).toBe(200);
  return response.json() as Promise<{ id: string; client_user_id: string; previous_attempt_id: string | null; status: string }>;
}

/** The demo's form at high assurance with Plaid offered, consent, the United States, then Plaid. */
async function startPlaid(page: Page, stack: StackInfo): Promise<void> {
  await page.goto(stack.demoUrl);
  await page.getByRole('group', { name: 'What your product needs' }).getByRole('radio', { name: 'Identity, high assurance' }).check();
  await page.getByRole('group', { name: 'Providers to offer' }).getByRole('checkbox', { name: PLAID, exact: true }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await acceptConsent(page);
  await chooseCountry(page, 'United States');
  await widget(page).getByRole('radio', { name: new RegExp(`^${PLAID}`) }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Verify with Plaid' })).toBeVisible();
}

/** "Verify with Plaid": Link opens over the page, Leslie Knope filled in. */
async function openLink(page: Page): Promise<void> {
  await widget(page).getByRole('button', { name: 'Verify with Plaid' }).click();
  await expect(link(page)).toBeVisible();
}

/** In Link: the sandbox outcome (as entered unless said), the phone's code, then the details as filled in (Leslie Knope's). */
async function enterDetails(page: Page, outcome?: keyof typeof OUTCOME): Promise<void> {
  const dialog = link(page);
  if (outcome) await dialog.getByRole('radio', { name: OUTCOME[outcome] }).check();
  await expect(dialog.getByRole('heading', { name: 'Verify your phone' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Verify code' }).click();
  await expect(dialog.getByRole('heading', { name: 'Your personal details' })).toBeVisible();
  await expect(dialog.getByLabel('First name')).toHaveValue('Leslie');
  await expect(dialog.getByLabel('Last name')).toHaveValue('Knope');
  await dialog.getByRole('button', { name: 'Continue' }).click();
}

/** Link's last page, then its Continue (Link calls onSuccess, even when verification failed). */
async function finishLink(page: Page, heading: string): Promise<void> {
  await expect(link(page).getByRole('heading', { name: heading })).toBeVisible();
  await link(page).getByRole('button', { name: 'Continue' }).click();
}

const loopbackOnly = (requests: string[]) => {
  for (const url of requests.filter((u) => /^https?:/.test(u))) expect(['127.0.0.1', 'localhost']).toContain(new URL(url).hostname);
};

test('a US resident completes Plaid Link as Leslie Knope and is verified once the BFF read Plaid’s verdict', async ({ page, stack }) => {
  const requests: string[] = [];
  page.on('request', (request: Request) => void requests.push(request.url()));
  await startPlaid(page, stack);
  await openLink(page);
  await enterDetails(page);
  await finishLink(page, 'Verification complete');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  await expect(page.getByTitle('Plaid Link (emulated)')).toHaveCount(0);

  const session = await hostSession(page, stack);
  expect(session).toMatchObject({
    status: 'verified',
    provider_key: 'plaid',
    provider_result: {
      provider_key: 'plaid',
      status: 'success',
      steps: { verify_sms: 'success', kyc_check: 'success', selfie_check: 'skipped', risk_check: 'success' },
    },
  });
  expect(session.claims.map((c) => [c.type, c.assurance_level])).toContainEqual(['verified_identity', 'high']);
  // Plaid's attempt is Plaid's own: the emulator holds it, ended in success, for the user the BFF named.
  const idv = (session.provider_result as { identity_verification_id: string }).identity_verification_id;
  expect(await verification(page, stack, idv)).toMatchObject({ status: 'success' });
  // The host reads no personal data unless it asks for it.
  expect(JSON.stringify(session)).not.toMatch(/Knope|Leslie/);
  loopbackOnly(requests);
});

test('a failed KYC says so with a way to try again; Try again is Plaid’s retry on the same user, and ends verified', async ({ page, stack }) => {
  await startPlaid(page, stack);
  const seen = Math.max(0, ...(await deliveries(page, stack)).map((d) => d.id));
  await openLink(page);
  await enterDetails(page, 'fail_kyc');
  await finishLink(page, 'Verification finished');
  await expect(widget(page).getByRole('heading', { name: 'The check did not pass' })).toBeVisible();
  await expect(widget(page).getByText('The provider could not verify you.')).toBeVisible();
  expect(await hostSession(page, stack)).toMatchObject({ status: 'requires_input', last_error: { code: 'verification_failed' } });
  // The attempt that failed at Plaid: the one, of those Plaid's webhooks named since, whose Plaid user is our attempt.
  const user = await attemptRef(page, stack);
  const named = [...new Set((await deliveries(page, stack, seen)).map((d) => d.identity_verification_id))];
  const ours = (await Promise.all(named.map((id) => verification(page, stack, id)))).filter((v) => v.client_user_id === user);
  expect(ours).toHaveLength(1);
  expect(ours[0]).toMatchObject({ status: 'failed' });
  const first = ours[0]!.id;

  await widget(page).getByRole('button', { name: 'Try again' }).click();
  // Plaid's retry starts the new attempt at the step that failed: the phone stays verified.
  await expect(link(page).getByRole('heading', { name: 'Your personal details' })).toBeVisible();
  await link(page).getByRole('button', { name: 'Continue' }).click();
  await finishLink(page, 'Verification complete');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();

  const verified = await hostSession(page, stack);
  expect(verified).toMatchObject({ status: 'verified', provider_key: 'plaid', provider_result: { status: 'success' } });
  const second = (verified.provider_result as { identity_verification_id: string }).identity_verification_id;
  expect(second).not.toBe(first);
  expect(await verification(page, stack, second)).toMatchObject({ previous_attempt_id: first, client_user_id: user, status: 'success' });
  expect(await verification(page, stack, first)).toMatchObject({ status: 'failed' });
});

test("pending review: the widget says the result is being reviewed, the session needs review, Plaid's reviewer approves, and the session ends verified", async ({ page, stack }) => {
  await startPlaid(page, stack);
  await openLink(page);
  await enterDetails(page, 'pending_review');
  await finishLink(page, 'Verification submitted');
  await expect(widget(page).getByRole('heading', { name: 'Your verification is being reviewed' })).toBeVisible();
  const waiting = await hostSession(page, stack);
  expect(waiting).toMatchObject({ status: 'needs_review', claims: [], provider_result: { status: 'pending_review', steps: { risk_check: 'pending_review' } } });
  const idv = (waiting.provider_result as { identity_verification_id: string }).identity_verification_id;

  // A reviewer approves in Plaid's dashboard; Plaid's webhook tells the BFF, which reads the verdict.
  const review = await page.request.post(`${controls(stack)}/identity_verifications/${idv}/review`, { data: { decision: 'approve' } });
  expect(review.status()).toBe(200);
  await expect.poll(async () => (await hostSession(page, stack)).status).toBe('verified');
  const session = await hostSession(page, stack);
  expect(session).toMatchObject({ provider_key: 'plaid', provider_result: { status: 'success', steps: { risk_check: 'manually_approved' } } });
  expect(session.claims.map((c) => [c.type, c.assurance_level])).toContainEqual(['verified_identity', 'high']);
  // The person who comes back finds the verdict.
  await page.reload();
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});

test('closing Plaid Link offers to resume or to choose another way, and nothing is verified', async ({ page, stack }) => {
  await startPlaid(page, stack);
  await openLink(page);
  await link(page).getByRole('button', { name: 'Close Plaid Link' }).click();
  await expect(widget(page).getByText('You closed the window before finishing. Nothing was submitted.')).toBeVisible();
  await expect(widget(page).getByRole('button', { name: 'Resume verification' })).toBeVisible();
  await expect(widget(page).getByRole('button', { name: 'Choose another way' })).toBeVisible();
  await expect(page.getByTitle('Plaid Link (emulated)')).toBeHidden();
  const session = await hostSession(page, stack);
  expect(session.status).not.toBe('verified');
  expect(session.claims).toEqual([]);

  await widget(page).getByRole('button', { name: 'Choose another way' }).click();
  await expect(widget(page).getByRole('group', { name: 'Ways to verify' }).getByRole('radio', { name: new RegExp(`^${PLAID}`) })).toBeVisible();
  // Link goes with the step it belonged to.
  await expect(page.getByTitle('Plaid Link (emulated)')).toHaveCount(0);
});

test('webhooks: a bad signature, a stale iat and an unknown kid are refused and change nothing; after a key rotation one is accepted', async ({ page, stack }) => {
  await startPlaid(page, stack);
  await openLink(page);
  await link(page).getByRole('radio', { name: OUTCOME.pending_review }).check();
  await link(page).getByRole('button', { name: 'Verify code' }).click();
  await expect(link(page).getByRole('heading', { name: 'Your personal details' })).toBeVisible();
  const before = await hostSession(page, stack);
  // Every webhook of the steps so far is sent (and signed) before the faults are asked for.
  expect((await page.request.post(`${controls(stack)}/delivery/flush`)).status()).toBe(200);
  const seen = Math.max(0, ...(await deliveries(page, stack)).map((d) => d.id));

  // The person's details go in; Plaid holds the attempt for review and tells us so three times
  // (the data check's and the risk check's STEP_UPDATED, then STATUS_UPDATED), each signed wrong.
  for (const fault of ['bad_signature', 'stale_iat', 'unknown_kid']) {
    expect((await page.request.post(`${controls(stack)}/webhooks/signing`, { data: { fault } })).status()).toBe(200);
  }
  await link(page).getByRole('button', { name: 'Continue' }).click();
  await expect(link(page).getByRole('heading', { name: 'Verification submitted' })).toBeVisible();
  await expect.poll(async () => (await deliveries(page, stack, seen)).filter((d) => d.signing_fault && d.status !== null).length).toBe(3);
  const refused = (await deliveries(page, stack, seen)).filter((d) => d.signing_fault);
  expect((await verification(page, stack, refused[0]!.identity_verification_id)).client_user_id).toBe(await attemptRef(page, stack));
  expect(refused.map((d) => d.signing_fault).sort()).toEqual(['bad_signature', 'stale_iat', 'unknown_kid']);
  for (const d of refused) {
    expect(d.ok).toBe(false);
    expect(d.status).toBeGreaterThanOrEqual(400);
    expect(d.status).toBeLessThan(500);
  }
  const idv = refused[0]!.identity_verification_id;
  // The BFF learned nothing: Plaid holds the attempt for review, the session is as it was.
  expect(await verification(page, stack, idv)).toMatchObject({ status: 'pending_review' });
  const after = await hostSession(page, stack);
  expect(after.status).toBe(before.status);
  expect(after.provider_result).toBeNull();

  // Plaid rotates its signing key; the reviewer approves; the webhooks, signed by the new key the
  // BFF has not seen, are accepted once it fetched that key, and the verdict lands.
  const rotated = (await (await page.request.post(`${controls(stack)}/webhooks/key/rotate`)).json()) as { current: { kid: string } };
  const approvedFrom = Math.max(...(await deliveries(page, stack)).map((d) => d.id));
  expect((await page.request.post(`${controls(stack)}/identity_verifications/${idv}/review`, { data: { decision: 'approve' } })).status()).toBe(200);
  await expect.poll(async () => (await hostSession(page, stack)).status).toBe('verified');
  expect((await page.request.post(`${controls(stack)}/delivery/flush`)).status()).toBe(200);
  const accepted = await deliveries(page, stack, approvedFrom);
  expect(accepted.length).toBeGreaterThan(0);
  for (const d of accepted) expect(d).toMatchObject({ identity_verification_id: idv, signing_fault: null, ok: true });
  const sent = (await (await page.request.get(`${controls(stack)}/webhooks/${accepted[0]!.id}/request`)).json()) as { headers: Record<string, string> };
  const header = JSON.parse(Buffer.from(sent.headers['plaid-verification']!.split('.')[0]!, 'base64url').toString('utf8'));
  expect(header).toMatchObject({ alg: 'ES256', kid: rotated.current.kid });

  // The person, back from Link, sees the verdict.
  await link(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});
