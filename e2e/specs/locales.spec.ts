// The widget in Arabic, as a person chooses it in the demo: right to left (dir and lang on the
// widget, its controls laid out from the right), axe-clean at every step of a Turnstile check, and
// the privacy notice, written in English and Spanish only, shown and recorded in English.
import type { ConsentRecord } from '@identity-verify/contract/schemas';
import { expect, test } from '../fixtures.js';
import { expectAccessible, hostSession, solveTurnstile, turnstileFrame, widget } from '../flow.js';

/** The Arabic catalogue's words on the way (widget/src/i18n/ar.ts). */
const AR = {
  consent: 'قبل أن تبدأ',
  accept: 'قبول ومتابعة',
  decline: 'رفض',
  where: 'أين تقيم؟',
  country: 'بلد الإقامة',
  sweden: 'السويد',
  continue: 'متابعة',
  chooseWay: 'اختر طريقة التحقق',
  verifyWith: 'التحقق عبر Cloudflare Turnstile',
  verified: 'تم التحقق منك',
};

test('in Arabic the widget reads right to left, is accessible at every step, and records the English privacy notice as English', async ({ page, stack }) => {
  test.slow(); // four axe scans
  await page.goto(stack.demoUrl);
  await page.getByRole('checkbox', { name: 'Cloudflare Turnstile' }).check();
  await page.getByLabel('Language').selectOption({ label: 'العربية' });
  await page.getByRole('button', { name: 'Start a verification' }).click();
  const w = widget(page);
  await expect(w.getByRole('heading', { name: AR.consent })).toBeVisible();

  const root = w.locator('identity-verify [part="base"]');
  await expect(root).toHaveAttribute('dir', 'rtl');
  await expect(root).toHaveAttribute('lang', 'ar');
  // The notice is English, marked so, and reads left to right inside the Arabic card.
  await expect(w.getByText(/uses identity-verify to confirm that you are a real person/)).toHaveAttribute('lang', 'en');
  // Accept comes first: in Arabic, first is on the right.
  const accept = (await w.getByRole('button', { name: AR.accept }).boundingBox())!;
  const decline = (await w.getByRole('button', { name: AR.decline }).boundingBox())!;
  expect(accept.x, 'accept is to the right of decline').toBeGreaterThan(decline.x);
  await expectAccessible(page, 'consent, in Arabic');

  await w.getByRole('button', { name: AR.accept }).click();
  await expect(w.getByRole('heading', { name: AR.where })).toBeVisible();
  await expectAccessible(page, 'country, in Arabic');
  await w.getByLabel(AR.country).selectOption({ label: AR.sweden });
  await w.getByRole('button', { name: AR.continue, exact: true }).click();

  await expect(w.getByRole('heading', { name: AR.chooseWay })).toBeVisible();
  await expectAccessible(page, 'provider choice, in Arabic');
  await w.getByRole('radio', { name: /Cloudflare Turnstile/ }).check();
  await w.getByRole('button', { name: AR.continue, exact: true }).click();
  await expect(w.getByRole('heading', { name: AR.verifyWith })).toBeVisible();
  await expect(turnstileFrame(page).getByRole('checkbox', { name: 'Verify you are human' })).toBeEnabled();

  await solveTurnstile(page, 'Pass');
  await expect(w.getByRole('heading', { name: AR.verified })).toBeVisible();
  await expectAccessible(page, 'result, in Arabic');

  const session = await hostSession(page, stack);
  expect(session.status).toBe('verified');
  const consents = await page.request.get(`${stack.bffUrl}/v1/sessions/${session.id}/consents`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  expect((await consents.json()) as ConsentRecord[]).toEqual([expect.objectContaining({ notice: 'privacy_notice', decision: 'accepted', locale: 'en' })]);
});
