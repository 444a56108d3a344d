// The verification service: what happens to a session and its provider attempts. Routes call it
// after authentication and validation; it is the one place state transitions are decided, in
// parts by responsibility: read views, consent policy, attempts, outcomes and webhooks, the live
// state the widget follows, redaction.
import { createAttempts } from './attempts.js';
import { createConsentPolicy } from './consent.js';
import { createDelegation } from './delegation.js';
import { createCore, type VerificationDeps } from './core.js';
import { createLive } from './live.js';
import { createOutcomes } from './outcomes.js';
import { createReconciler } from './reconciler.js';
import { createRedaction } from './redaction.js';
import { createViews } from './views.js';

export type { VerificationDeps } from './core.js';
export type { HostInclude } from './views.js';

export function createVerificationService(deps: VerificationDeps) {
  const core = createCore(deps);
  const consent = createConsentPolicy(core);
  const outcomes = createOutcomes(core);
  const live = createLive(core, outcomes);
  const redaction = createRedaction(core);
  const delegation = createDelegation(core);
  const { recordConsent, setResidence } = consent;
  return {
    fresh: core.fresh,
    result: core.result,
    ...createViews(core, consent, delegation),
    /** The person's decision on the scopes a verified session's delegation service asks. */
    delegate: delegation.decide,
    recordConsent,
    setResidence,
    ...createAttempts(core, consent, outcomes, live),
    follow: live.follow,
    onProviderEvent: outcomes.onProviderEvent,
    ...redaction,
    /** One pass of the reconciler (intents, lapsed leases, undecided sessions, provider jobs, retention): run on an interval. */
    reconcile: createReconciler(core, outcomes, redaction).runOnce,
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
