// What a person does on the demo page, step by step, found by role, label and visible text.
// The widget's words are its English catalogue (widget/src/i18n/en.ts); the Turnstile
// challenge's are the emulator's (packages/emulators/src/turnstile/widget.ts).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { HostSession } from '@identity-verify/contract/schemas';
import { SIGNICAT_EMULATOR_CLIENT_ID, SIGNICAT_EMULATOR_CLIENT_SECRET } from '@identity-verify/emulators';
import { expect } from './fixtures.js';
import type { StackInfo } from './stack.js';

export const TURNSTILE_TITLE = 'Widget containing a Cloudflare security challenge';
export type TurnstileOutcome = 'Pass' | 'Fail the challenge' | 'Token rejected by siteverify' | 'Token already expired';

/** The panel holding the live widget (role region, named by its heading). */
export const widget = (page: Page) => page.getByRole('region', { name: 'The widget', exact: true });

/** Opens the demo and starts a Turnstile verification from the form. */
export async function startVerification(page: Page, stack: StackInfo, origin = stack.demoUrl): Promise<void> {
  await page.goto(origin);
  await page.getByRole('checkbox', { name: 'Cloudflare Turnstile' }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toBeVisible();
}

export async function acceptConsent(page: Page): Promise<void> {
  await widget(page).getByRole('button', { name: 'Accept and continue' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Where do you live?' })).toBeVisible();
}

export async function chooseCountry(page: Page, country = 'Sweden'): Promise<void> {
  await widget(page).getByLabel('Country of residence').selectOption({ label: country });
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Choose how to verify' })).toBeVisible();
}

export async function chooseTurnstile(page: Page): Promise<void> {
  await widget(page).getByRole('radio', { name: /Cloudflare Turnstile/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Verify with Cloudflare Turnstile' })).toBeVisible();
}

export const turnstileFrame = (page: Page) => page.getByTitle(TURNSTILE_TITLE).contentFrame();

/** Picks the emulated outcome, then ticks "Verify you are human", as a person would. */
export async function solveTurnstile(page: Page, outcome: TurnstileOutcome = 'Pass'): Promise<void> {
  const frame = turnstileFrame(page);
  await frame.getByLabel('Emulated outcome').selectOption({ label: outcome });
  await frame.getByRole('checkbox', { name: 'Verify you are human' }).click();
}

/** Consent, country and provider: the steps before the Turnstile challenge. */
export async function reachTurnstile(page: Page, stack: StackInfo): Promise<void> {
  await startVerification(page, stack);
  await acceptConsent(page);
  await chooseCountry(page);
  await chooseTurnstile(page);
}

/**
 * From the consent step, wherever the widget is embedded (the demo, a CDN page, a React app):
 * consent, country, Turnstile passed, and the widget says so.
 */
export async function passTurnstileFromConsent(page: Page): Promise<void> {
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toBeVisible();
  await acceptConsent(page);
  await chooseCountry(page);
  await chooseTurnstile(page);
  await solveTurnstile(page, 'Pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
}

/** The session as the host backend reads it: the demo names it, the BFF answers the API key. */
export async function hostSession(page: Page, stack: StackInfo): Promise<HostSession> {
  const demo = await page.request.get(`${stack.demoUrl}/api/session`);
  const { session } = (await demo.json()) as { session: { id: string } | null };
  if (!session) throw new Error('The demo has no session for this browser.');
  const response = await page.request.get(`${stack.bffUrl}/v1/sessions/${session.id}`, {
    headers: { authorization: `Bearer ${stack.apiKey}` },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as HostSession;
}

/** The provider reference of the widget's pending attempt (Onfido's applicant, Assure's process), as the widget's own API tells it. */
export async function attemptRef(page: Page, stack: StackInfo): Promise<string> {
  const { session } = await (await page.request.get(`${stack.demoUrl}/api/session`)).json();
  const widgetView = await page.request.get(`${stack.bffUrl}/v1/identity/session`, { headers: { authorization: `Bearer ${session.client_secret}` } });
  const ref = (await widgetView.json()).active_attempt?.session_ref;
  if (!ref) throw new Error('The session has no pending attempt.');
  return ref;
}

/** The emulated Onfido UI, mounted by the real onfido-sdk-ui loader inside the widget. */
export const onfidoSdk = (page: Page) => widget(page).getByRole('region', { name: 'Identity verification' });

/** The face step Onfido's SDK shows after the document, by the face check asked for. */
const FACE_STEP = { photo: 'Take a selfie', video: 'Record a video selfie', motion: 'Record a motion capture' } as const;

/**
 * In Onfido's SDK: a passport, then the face check the session asks for (a selfie photo, a video
 * selfie, a motion capture, or none), all by the fake camera, as a person would.
 */
export async function captureInOnfidoSdk(page: Page, { face = 'photo' }: { face?: keyof typeof FACE_STEP | 'none' } = {}): Promise<void> {
  const sdk = onfidoSdk(page);
  await sdk.getByRole('radio', { name: 'Passport' }).check();
  await sdk.getByRole('button', { name: 'Continue' }).click();
  await expect(sdk.getByRole('heading', { name: 'Front of passport' })).toBeVisible();
  await sdk.getByRole('button', { name: 'Take photo' }).click();
  await sdk.getByRole('button', { name: 'Use this photo' }).click();
  if (face === 'none') return;
  await expect(sdk.getByRole('heading', { name: FACE_STEP[face] })).toBeVisible();
  if (face === 'photo') {
    await sdk.getByRole('button', { name: 'Take photo' }).click();
    await sdk.getByRole('button', { name: 'Use this photo' }).click();
    return;
  }
  await sdk.getByRole('button', { name: 'Start recording' }).click();
  await sdk.getByRole('button', { name: 'Stop recording' }).click();
  await sdk.getByRole('button', { name: 'Use this video' }).click();
}

/** The Assure dossier holding a process, as the integrator's own tools would find it (client credentials, then the dossier list). */
export async function assureDossierOf(page: Page, stack: StackInfo, processId: string): Promise<string> {
  const basic = Buffer.from(`${SIGNICAT_EMULATOR_CLIENT_ID}:${SIGNICAT_EMULATOR_CLIENT_SECRET}`).toString('base64');
  const token = await page.request.post(`${stack.signicatUrl}/auth/open/connect/token`, {
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    data: 'grant_type=client_credentials&scope=signicat-api',
  });
  const { access_token } = await token.json();
  const dossiers = await (await page.request.get(`${stack.signicatUrl}/assure/dossiers`, { headers: { authorization: `Bearer ${access_token}` } })).json();
  return dossiers.find((d: { processes: Array<{ processId: string }> }) => d.processes.some((p) => p.processId === processId)).dossierId;
}

/** axe-core finds no violation on the page as it is now, and nothing scrolls sideways. */
export async function expectAccessible(page: Page, step: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `axe at the ${step} step`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `sideways scroll at the ${step} step`).toBeLessThanOrEqual(0);
}
