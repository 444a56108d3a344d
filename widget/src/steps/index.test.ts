// The lazily loaded steps: which states wait for their chunk, and what shows when it cannot load.
// (The element holding its update until the chunk is here runs in real Chromium: ../chunks.browser.test.ts.)
import { describe, expect, it, vi } from 'vitest';
import { sampleSession, sampleStripeAttempt } from '../api/fixtures.js';
import type { FlowState } from '../flow/types.js';

const session = sampleSession();
const states: Record<FlowState['step'], FlowState> = {
  loading: { step: 'loading' },
  consent: { step: 'consent', session, busy: null, error: null },
  country: { step: 'country', session, countries: ['SE'], busy: false, error: null },
  provider: { step: 'provider', session, country: 'SE', providers: null, error: null },
  notice: { step: 'notice', session, provider: { provider_key: 'onfido' } as never, notice: 'onfido_biometric_us', busy: null, error: null },
  provider_step: { step: 'provider_step', session, provider_key: 'stripe_identity', provider: null, attempt: sampleStripeAttempt(), mount: 0, error: null, phase: 'ready' },
  submitting: { step: 'submitting', session },
  delegation: { step: 'delegation', session, outcome: { kind: 'verified' }, busy: null, error: null },
  result: { step: 'result', session, outcome: { kind: 'verified' } },
  error: { step: 'error', session, error: { code: 'network_error', retryable: true } },
};
const LAZY = ['notice', 'provider_step', 'delegation', 'result'];

describe('the lazy steps', () => {
  it('are the steps after the choice and the results, each rendered once the chunk is here', async () => {
    vi.resetModules();
    const steps = await import('./index.js');
    for (const [step, state] of Object.entries(states)) expect(steps.needsLazySteps(state), step).toBe(LAZY.includes(step));
    await steps.loadLazySteps();
    for (const state of Object.values(states)) {
      expect(steps.needsLazySteps(state)).toBe(false);
      expect(steps.shownState(state)).toBe(state);
    }
  });

  it('show as an error saying the step could not be loaded when the chunk cannot be', async () => {
    vi.resetModules();
    vi.doMock('./lazy.js', () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
    try {
      const steps = await import('./index.js');
      await expect(steps.loadLazySteps()).resolves.toBeUndefined();
      for (const step of LAZY) {
        expect(steps.shownState(states[step as FlowState['step']])).toEqual({ step: 'error', session, error: { code: 'driver_failed', retryable: false } });
      }
      expect(steps.shownState(states.consent)).toBe(states.consent);
    } finally {
      vi.doUnmock('./lazy.js');
    }
  });
});
