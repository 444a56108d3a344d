// Turns the flow's transitions into widget events: ids, steps, statuses and codes only.
import { sessionOf } from './resume.js';
import type { EmitFn, FlowState } from './types.js';

/** The error or retryable failure a state shows (every transition into one is a new one). */
function shownProblem(state: FlowState): { code: string } | null {
  if (state.step === 'result') return state.outcome.kind === 'failed' && state.outcome.retry ? state.outcome : null;
  return 'error' in state ? state.error : null;
}

/** Remembers what was already reported: `ready` and the final outcome are sent once per flow. */
export class Announcer {
  readonly #emit: EmitFn;
  #ready = false;
  #settled = false;

  constructor(emit: EmitFn) {
    this.#emit = emit;
  }

  started(): void {
    this.#emit('identity-verify-step', { session_id: null, step: 'loading', previous: null });
  }

  transition(previous: FlowState, next: FlowState): void {
    const emit = this.#emit;
    const session = sessionOf(next);
    const session_id = session?.id ?? sessionOf(previous)?.id ?? null;
    if (previous.step !== next.step) emit('identity-verify-step', { session_id, step: next.step, previous: previous.step });
    if (!this.#ready && session && next.step !== 'loading') {
      this.#ready = true;
      emit('identity-verify-ready', { session_id: session.id, step: next.step });
    }
    const problem = shownProblem(next);
    if (problem) emit('identity-verify-error', { session_id, code: problem.code });
    // A failure the person can retry is not an outcome yet, nor a check still running; the rest is.
    const open = next.step === 'result' && ((next.outcome.kind === 'failed' && next.outcome.retry) || next.outcome.kind === 'processing');
    if (next.step === 'result' && session && !this.#settled && !open) {
      this.#settled = true;
      if (next.outcome.kind === 'canceled') emit('identity-verify-cancel', { session_id: session.id, reason: next.outcome.reason });
      else emit('identity-verify-complete', { session_id: session.id, status: session.status });
    }
  }
}
