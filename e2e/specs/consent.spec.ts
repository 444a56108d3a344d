// Declining the privacy notice ends the session: the widget says so, and the host backend sees
// it canceled with consent_declined and the decision on record.
import type { ConsentRecord } from '@identity-verify/contract/schemas';
import { expect, test } from '../fixtures.js';
import { hostSession, startVerification, widget } from '../flow.js';

test('declining consent cancels the session', async ({ page, stack }) => {
  await startVerification(page, stack);
  await widget(page).getByRole('button', { name: 'Decline' }).click();
  await expect(widget(page).getByRole('heading', { name: 'You chose not to continue' })).toBeVisible();
  await expect(page.getByRole('log')).toContainText('identity-verify-cancel');

  const session = await hostSession(page, stack);
  expect(session.status).toBe('canceled');
  expect(session.last_error?.code).toBe('consent_declined');
  expect(session.claims).toEqual([]);

  const consents = await page.request.get(`${stack.bffUrl}/v1/sessions/${session.id}/consents`, {
    headers: { authorization: `Bearer ${stack.apiKey}` },
  });
  const records = (await consents.json()) as ConsentRecord[];
  expect(records).toEqual([expect.objectContaining({ notice: 'privacy_notice', decision: 'declined', locale: 'en' })]);
  expect(records[0]?.text_sha256).toMatch(/^[0-9a-f]{64}$/);

  // A reload shows the same end, from the BFF, not from anything the browser kept.
  await page.reload();
  await expect(widget(page).getByRole('heading', { name: 'You chose not to continue' })).toBeVisible();
});
