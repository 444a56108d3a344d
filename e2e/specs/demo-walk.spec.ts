// The demo as a new user tries it: each preset of the form with each provider it offers, from
// the form to "You are verified", and the host backend reading the claims the preset implies.
// One test per combination; the combinations another spec already walks to "verified" are not
// repeated here:
//
//   Humanity check              × Cloudflare Turnstile                 turnstile.spec (Sweden)
//   Humanity check              × Stripe Identity                      stripe.spec (the default preset, United States)
//   Humanity check              × Onfido (SDK, the default)            demo-presets.spec (Sweden)
//   Humanity check              × Login.gov, ID.me                     sign-in-providers.spec
//   Identity, low assurance     × Stripe Identity                      demo-presets.spec (Sweden)
//   Identity, low assurance     × Onfido (SDK)                         onfido.spec (United States, its privacy notice)
//   Identity, low assurance     × Login.gov, ID.me                     sign-in-providers.spec
//   Identity, high assurance    × Onfido (SDK; native)                 onfido.spec (SDK); capture.spec (native), United States
//   Identity, high assurance    × Signicat Assure (native; SDK)        capture.spec (native, Sweden; SDK, United States)
//   Identity with video selfie  × Signicat Assure (SDK)                capture.spec (United States)
//   Identity with motion selfie × Onfido (SDK, the default)            demo-presets.spec (Sweden)
//   Identity, low and high      × BankID (QR code; this device)        bankid.spec (Sweden)
//   Act on the person's behalf  × Stripe Identity                      delegation.spec (United States): the
//     service's question after the verification; its other ways verify as "Identity, high assurance"
//     does here and elsewhere, then ask the same question
//
// Walked here (WALKS below): every other preset × provider, and both capture modes of Onfido and
// Signicat Assure, with the capture a person may choose where the provider has one way only
// (Stripe, Login.gov) or the face check needs Onfido's SDK (a video or motion selfie with "The
// widget's own capture" chosen); two walks in Spanish.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { captureInOnfidoSdk, hostSession, onfidoSdk, solveTurnstile, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

type Level = 'low' | 'substantial' | 'high';
type Face = 'none' | 'photo' | 'video' | 'motion';
type Capture = 'native' | 'sdk';

/** The presets, by the names on the form, and the requirements each one implies. */
const PRESETS = {
  'Humanity check': { layer: 'humanity', min: 'low', face: 'none' },
  'Identity, low assurance': { layer: 'identity', min: 'low', face: 'none' },
  'Identity with selfie': { layer: 'identity', min: 'substantial', face: 'photo' },
  'Identity, high assurance': { layer: 'identity', min: 'high', face: 'photo' },
  'Identity with video selfie': { layer: 'identity', min: 'high', face: 'video' },
  'Identity with motion selfie': { layer: 'identity', min: 'high', face: 'motion' },
} as const satisfies Record<string, { layer: 'humanity' | 'identity'; min: Level; face: Face }>;
type PresetName = keyof typeof PRESETS;

/** The providers, by the names the form and the widget show, with their key and their capture when the form leaves it to them. */
const PROVIDERS = {
  'Cloudflare Turnstile': { key: 'turnstile', capture: null },
  'Stripe Identity': { key: 'stripe_identity', capture: null },
  Onfido: { key: 'onfido', capture: 'sdk' },
  'Signicat Assure (Onfido)': { key: 'signicat_onfido', capture: 'native' },
  'Login.gov': { key: 'login_gov', capture: null },
  'ID.me': { key: 'id_me', capture: null },
} as const satisfies Record<string, { key: string; capture: Capture | null }>;
type ProviderName = keyof typeof PROVIDERS;

/** The form's Capture choices. */
const CAPTURE_CHOICE: Record<Capture, string> = { native: "The widget's own capture", sdk: "The provider's SDK" };

interface Walk {
  preset: PresetName;
  provider: ProviderName;
  /** The form's Capture choice; none leaves the default. */
  capture?: Capture;
  /** Sweden unless said; Login.gov and ID.me serve the United States only. */
  country?: 'Sweden' | 'United States';
  lang?: Lang;
}

const US = 'United States' as const;
const WALKS: Walk[] = [
  { preset: 'Humanity check', provider: 'Signicat Assure (Onfido)' },
  { preset: 'Humanity check', provider: 'Onfido', capture: 'native' },
  { preset: 'Identity, low assurance', provider: 'Signicat Assure (Onfido)', capture: 'sdk' },
  { preset: 'Identity with selfie', provider: 'Stripe Identity', capture: 'native' },
  { preset: 'Identity with selfie', provider: 'Onfido', capture: 'native' },
  { preset: 'Identity with selfie', provider: 'Signicat Assure (Onfido)', capture: 'native', lang: 'es' },
  { preset: 'Identity with selfie', provider: 'Login.gov', country: US },
  { preset: 'Identity with selfie', provider: 'ID.me', country: US, lang: 'es' },
  { preset: 'Identity, high assurance', provider: 'Stripe Identity' },
  { preset: 'Identity, high assurance', provider: 'Login.gov', country: US, capture: 'sdk' },
  { preset: 'Identity, high assurance', provider: 'ID.me', country: US },
  { preset: 'Identity with video selfie', provider: 'Onfido', country: US },
  { preset: 'Identity with video selfie', provider: 'Onfido', capture: 'native' },
  { preset: 'Identity with video selfie', provider: 'Signicat Assure (Onfido)', capture: 'native' },
  { preset: 'Identity with motion selfie', provider: 'Onfido', capture: 'native' },
];

/** The widget's words a walk reads (widget/src/i18n, widget/src/capture/ui/text.ts), and the country names in that language. */
const WORDS = {
  en: {
    language: 'English',
    consent: 'Before you start',
    acceptConsent: 'Accept and continue',
    where: 'Where do you live?',
    countryLabel: 'Country of residence',
    countries: { Sweden: 'Sweden', 'United States': 'United States' },
    continue: 'Continue',
    chooseWay: 'Choose how to verify',
    ways: 'Ways to verify',
    acceptNotice: 'Accept',
    verifyWith: (provider: string) => `Verify with ${provider}`,
    continueTo: (provider: string) => `Continue to ${provider}`,
    chooseDocument: 'Choose your document',
    passport: 'Passport',
    photographPassport: 'Photograph the photo page of your passport',
    selfie: 'Take a selfie',
    checkPhoto: 'Check your photo',
    usePhoto: 'Use this photo',
    verified: 'You are verified',
  },
  es: {
    language: 'Español',
    consent: 'Antes de empezar',
    acceptConsent: 'Aceptar y continuar',
    where: '¿Dónde vives?',
    countryLabel: 'País de residencia',
    countries: { Sweden: 'Suecia', 'United States': 'Estados Unidos' },
    continue: 'Continuar',
    chooseWay: 'Elige cómo verificarte',
    ways: 'Formas de verificación',
    acceptNotice: 'Aceptar',
    verifyWith: (provider: string) => `Verificarte con ${provider}`,
    continueTo: (provider: string) => `Continuar en ${provider}`,
    chooseDocument: 'Elige tu documento',
    passport: 'Pasaporte',
    photographPassport: 'Fotografía la página de datos de tu pasaporte',
    selfie: 'Hazte un selfi',
    checkPhoto: 'Revisa tu foto',
    usePhoto: 'Usar esta foto',
    verified: 'Estás verificado',
  },
};
type Lang = keyof typeof WORDS;
type Words = (typeof WORDS)[Lang];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LEVELS: Level[] = ['low', 'substantial', 'high'];

/** Who captures: Onfido's SDK for a video or motion selfie whatever was chosen, else the form's choice or the provider's own. */
function captureOf(walk: Walk): Capture | null {
  const own = PROVIDERS[walk.provider].capture;
  if (!own) return null;
  if (PRESETS[walk.preset].face === 'video' || PRESETS[walk.preset].face === 'motion') return 'sdk';
  return walk.capture ?? own;
}

function title(walk: Walk): string {
  const how = captureOf(walk);
  const chose = walk.capture ? `, "${CAPTURE_CHOICE[walk.capture]}" chosen` : '';
  const ran = how ? ` (${how === 'sdk' ? "Onfido's SDK" : 'our capture'}${chose})` : chose ? ` (${chose.slice(2)})` : '';
  return `${walk.preset} × ${walk.provider}${ran}, a resident of ${walk.country ?? 'Sweden'}${walk.lang === 'es' ? ', in Spanish' : ''}`;
}

/** The form: the preset, the capture, the language; no provider ticked (every one the preset can use), as a new user leaves it. */
async function startFromForm(page: Page, stack: StackInfo, walk: Walk, t: Words) {
  await page.goto(stack.demoUrl);
  await page.getByRole('group', { name: 'What your product needs' }).getByRole('radio', { name: walk.preset, exact: true }).check();
  if (walk.capture) await page.getByLabel('Capture').selectOption({ label: CAPTURE_CHOICE[walk.capture] });
  await page.getByLabel('Language').selectOption({ label: t.language });
  await page.getByRole('button', { name: 'Start a verification' }).click();
}

/** Consent, the country, the provider among the ways offered, and a US resident's notice from Onfido. */
async function reachProvider(page: Page, walk: Walk, t: Words) {
  const w = widget(page);
  await expect(w.getByRole('heading', { name: t.consent })).toBeVisible();
  await w.getByRole('button', { name: t.acceptConsent }).click();
  await expect(w.getByRole('heading', { name: t.where })).toBeVisible();
  await w.getByLabel(t.countryLabel).selectOption({ label: t.countries[walk.country ?? 'Sweden'] });
  await w.getByRole('button', { name: t.continue, exact: true }).click();
  await expect(w.getByRole('heading', { name: t.chooseWay })).toBeVisible();
  await w.getByRole('group', { name: t.ways }).getByRole('radio', { name: new RegExp(`^${escape(walk.provider)}`) }).check();
  await w.getByRole('button', { name: t.continue, exact: true }).click();
  const onfidoBased = walk.provider === 'Onfido' || walk.provider === 'Signicat Assure (Onfido)';
  if (onfidoBased && walk.country === US) await w.getByRole('button', { name: t.acceptNotice, exact: true }).click();
}

/** One photo by the fake camera: it is taken by itself once steady, then "Use this photo". */
async function shoot(page: Page, t: Words) {
  await expect(widget(page).getByRole('heading', { name: t.checkPhoto })).toBeVisible({ timeout: 20_000 });
  await widget(page).getByRole('button', { name: t.usePhoto }).click();
}

/** The provider's own step, as a person does it at its emulator, up to the widget's result. */
async function doProviderStep(page: Page, walk: Walk, t: Words) {
  const w = widget(page);
  const face = PRESETS[walk.preset].face;
  switch (walk.provider) {
    case 'Cloudflare Turnstile':
      await solveTurnstile(page, 'Pass');
      return;
    case 'Stripe Identity':
      await w.getByRole('button', { name: t.verifyWith('Stripe'), exact: true }).click();
      await page.getByTitle('Stripe Identity verification (emulated)').contentFrame().getByRole('button', { name: "Verify as Stripe's test person (verified)" }).click();
      return;
    case 'Login.gov':
    case 'ID.me':
      await w.getByRole('link', { name: t.continueTo(walk.provider) }).click();
      await expect(page.getByRole('heading', { name: `${walk.provider} (emulator)` })).toBeVisible();
      await page.getByRole('group', { name: 'Outcome' }).getByRole('radio', { name: 'Verified', exact: true }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      return;
    case 'Onfido':
    case 'Signicat Assure (Onfido)':
      if (captureOf(walk) === 'sdk') {
        await expect(onfidoSdk(page).getByRole('heading', { name: 'Choose your document' })).toBeVisible();
        await captureInOnfidoSdk(page, { face });
        return;
      }
      // Our capture: a passport's photo page, then a selfie when the preset asks for one.
      await expect(w.getByRole('heading', { name: t.chooseDocument })).toBeVisible();
      await w.getByRole('radio', { name: t.passport }).check();
      await w.getByRole('button', { name: t.continue, exact: true }).click();
      await expect(w.getByRole('heading', { name: t.photographPassport })).toBeVisible();
      await shoot(page, t);
      if (face === 'photo') {
        await expect(w.getByRole('heading', { name: t.selfie })).toBeVisible();
        await shoot(page, t);
      }
  }
}

/** What the host backend reads: verified by this provider, with the claims and the checks the preset asked for. */
async function expectHostReads(page: Page, stack: StackInfo, walk: Walk) {
  const preset = PRESETS[walk.preset];
  const { key } = PROVIDERS[walk.provider];
  await expect.poll(async () => (await hostSession(page, stack)).status).toBe('verified');
  const session = (await hostSession(page, stack)) as Awaited<ReturnType<typeof hostSession>> & { provider_result?: Record<string, unknown> };
  expect(session).toMatchObject({
    provider_key: key,
    country_of_residence: walk.country === US ? 'US' : 'SE',
    requirements: { layer: preset.layer, min_assurance: preset.min, ...(walk.capture ? { capture: walk.capture } : {}) },
  });
  for (const claim of session.claims) expect(claim.provider_key).toBe(key);
  const needed = preset.layer === 'humanity' ? 'verified_human' : 'verified_identity';
  const claim = session.claims.find((c) => c.type === needed);
  expect(claim, `a ${needed} claim`).toBeDefined();
  expect(LEVELS.indexOf(claim!.assurance_level), `${needed} at ${claim!.assurance_level}, asked ${preset.min}`).toBeGreaterThanOrEqual(LEVELS.indexOf(preset.min));
  // An identity is a human's.
  expect(session.claims.map((c) => c.type)).toContain('verified_human');
  // The face check the preset asked for is the one the provider ran.
  if (key === 'onfido') {
    const reports = (session.provider_result?.reports as Array<{ name: string }>).map((r) => r.name).sort();
    expect(reports).toEqual(preset.face === 'none' ? ['document'] : ['document', `facial_similarity_${preset.face}`]);
  }
  if (key === 'signicat_onfido') {
    const processType = { none: 'document', photo: 'documentSelfie', video: 'documentVideo', motion: '(none)' }[preset.face];
    expect(session.provider_result).toMatchObject({ status: 'accepted', process_type: processType });
  }
}

for (const walk of WALKS) {
  test(title(walk), async ({ page, stack }) => {
    const t = WORDS[walk.lang ?? 'en'];
    await startFromForm(page, stack, walk, t);
    await reachProvider(page, walk, t);
    await doProviderStep(page, walk, t);
    await expect(widget(page).getByRole('heading', { name: t.verified })).toBeVisible();
    await expectHostReads(page, stack, walk);
  });
}
