// The live state of a session for the widget: read once (sync, for clients that poll) or
// followed (the events stream), with the provider of a live attempt asked at its own cadence.
import { isFinalStatus } from '@identity-verify/contract/vocabulary';
import type { LiveState } from '@identity-verify/contract/schemas';
import type { SessionRecord } from '../store/store.js';
import { activeView, type Core } from './core.js';
import type { Outcomes } from './outcomes.js';

/** How often a follower re-reads the store when nothing woke it: changes made by another replica. */
export const LIVE_RECHECK_MS = 2_000;

export function createLive(core: Core, { applyOutcome }: Outcomes) {
  const { store, providers, signals, isLive, fresh, result } = core;

  async function liveState(session: SessionRecord): Promise<LiveState> {
    const s = await fresh(session);
    const active = isFinalStatus(s.status) ? undefined : (await store.openAttempts(s.id)).find((a) => a.status === 'pending' && isLive(a));
    return { ...(await result(s.id)), active_attempt: active ? activeView(active) : null };
  }

  /**
   * Calls `push` with the session's state now and after each change until the session is final
   * or `signal` aborts. A provider that follows its attempt live (BankID's collect and QR) is
   * asked every `follow.intervalMs`; its outcome is applied like any other.
   */
  async function follow(session: SessionRecord, signal: AbortSignal, push: (state: LiveState) => Promise<void>): Promise<void> {
    let wake: () => void = () => {};
    const stopListening = signals.listen(session.id, () => wake());
    let last = '';
    /** When the provider of the open attempt is next asked (now, at first). */
    let dueAt = 0;
    try {
      while (!signal.aborted) {
        const current = (await store.getSession(session.id)) ?? session;
        const state = await liveState(current);
        const seen = JSON.stringify(state);
        if (seen !== last) await push(state);
        last = seen;
        if (isFinalStatus(state.status)) return;
        const open = state.active_attempt;
        const attempt = open ? await store.findAttempt(session.id, open.provider_key, open.session_ref) : null;
        const cadence = attempt ? providers.get(attempt.provider_key)?.follow : undefined;
        if (attempt && cadence && Date.now() >= dueAt) {
          const outcome = await cadence.next({ session: current, attempt, remoteIp: null });
          dueAt = Date.now() + (cadence.dueIn?.(attempt) ?? cadence.intervalMs);
          await applyOutcome(current, attempt, outcome, 'provider');
          continue;
        }
        const waitMs = cadence ? Math.max(0, Math.min(dueAt - Date.now(), LIVE_RECHECK_MS)) : LIVE_RECHECK_MS;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, waitMs);
          function done() {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
          }
          wake = done;
          signal.addEventListener('abort', done, { once: true });
        });
      }
    } finally {
      stopListening();
    }
  }

  return { liveState, follow };
}

export type Live = ReturnType<typeof createLive>;
