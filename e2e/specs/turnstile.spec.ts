// Turnstile end to end: the person's view in the widget, and the host backend's view through
// the API key, for a pass, a token siteverify rejects, and a failed challenge.
import { expect, test } from '../fixtures.js';
import { hostSession, reachTurnstile, solveTurnstile, widget } from '../flow.js';

test('a person passes Turnstile and the host backend sees verified_human', async ({ page, stack }) => {
  await reachTurnstile(page, stack);
  await solveTurnstile(page, 'Pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();

  const session = await hostSession(page, stack);
  expect(session.status).toBe('verified');
  expect(session.provider_key).toBe('turnstile');
  expect(session.country_of_residence).toBe('SE');
  expect(session.last_error).toBeNull();
  expect(session.claims).toEqual([
    expect.objectContaining({ type: 'verified_human', provider_key: 'turnstile', assurance_level: 'low' }),
  ]);

  // The demo shows the same, as the integrator's backend would, and logged the widget's events.
  const panel = page.getByRole('region', { name: 'Session as your backend sees it' });
  await expect(panel.getByText('Verified', { exact: true })).toBeVisible();
  await expect(panel.getByText('verified_human (turnstile, assurance low)')).toBeVisible();
  await expect(page.getByRole('log')).toContainText('identity-verify-complete');
  await expect(page.getByRole('log')).toContainText('"status":"verified"');
});

test('a token siteverify rejects fails the check, and a retry passes', async ({ page, stack, guard }) => {
  // The BFF answers the rejected token with 422, which Chromium logs as a failed load.
  guard.allowConsoleError(/status of 422/);
  await reachTurnstile(page, stack);
  await solveTurnstile(page, 'Token rejected by siteverify');
  await expect(widget(page).getByRole('heading', { name: 'The check did not pass' })).toBeVisible();
  await expect(widget(page).getByText('The check could not be confirmed.')).toBeVisible();

  const failed = await hostSession(page, stack);
  expect(failed.status).toBe('requires_input');
  expect(failed.claims).toEqual([]);
  expect(failed.last_error).not.toBeNull();

  await widget(page).getByRole('button', { name: 'Try again' }).click();
  await solveTurnstile(page, 'Pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  const passed = await hostSession(page, stack);
  expect(passed.status).toBe('verified');
  expect(passed.claims.map((claim) => claim.type)).toEqual(['verified_human']);
});

test('failing the challenge itself sends nothing to verify and offers a retry', async ({ page, stack }) => {
  await reachTurnstile(page, stack);
  await solveTurnstile(page, 'Fail the challenge');
  await expect(widget(page).getByRole('button', { name: 'Try again' })).toBeVisible();

  const session = await hostSession(page, stack);
  expect(session.status).toBe('requires_input');
  expect(session.claims).toEqual([]);

  await widget(page).getByRole('button', { name: 'Try again' }).click();
  await solveTurnstile(page, 'Pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});

test('an expired token is refused and the host backend sees no claim', async ({ page, stack, guard }) => {
  guard.allowConsoleError(/status of 422/);
  await reachTurnstile(page, stack);
  await solveTurnstile(page, 'Token already expired');
  await expect(widget(page).getByText('The check expired or was already used.')).toBeVisible();
  const session = await hostSession(page, stack);
  expect(session.status).toBe('requires_input');
  expect(session.claims).toEqual([]);
});
