// The widget's flow as a DOM-free machine: it takes events, calls the BFF, and publishes
// states and widget events. The element renders `state` and forwards what the person does.
import type {
  ActiveAttempt,
  ProviderCatalogueEntry,
  VerificationResult,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import type { IdentityApi } from '../api/client.js';
import { ApiError, isFatalCode } from '../api/errors.js';
import { Announcer } from './announce.js';
import { countriesFor, PRIVACY_NOTICE, sessionOf, stateFor } from './resume.js';
import type { EmitFn, FlowError, FlowEvent, FlowState } from './types.js';

export interface FlowOptions {
  /** The BFF client, or why none could be built (a missing attribute). */
  api: IdentityApi | ApiError;
  emit?: EmitFn;
  /** Which providers this bundle has a driver for; others are left out of the list. */
  canRun?: (key: ProviderKey) => boolean;
  /** How long to wait between reads while the provider is processing. */
  pollMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

type Of<S extends FlowState['step']> = Extract<FlowState, { step: S }>;
/** Answers meaning the session is not where this page thought: re-read it and show where it is. */
const MOVED_ON = new Set(['session_closed', 'consent_required', 'residence_required', 'no_pending_session']);
const PROVIDER_TOKEN_FAILURES = new Set(['token_invalid', 'token_expired', 'token_mismatch', 'provider_rejected']);

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError('internal_error', 'Unexpected failure.', { cause: error });

export class Flow {
  #state: FlowState = { step: 'loading' };
  readonly #options: FlowOptions;
  readonly #listeners = new Set<(state: FlowState) => void>();
  #op = 0; // bumped on every new task or abandon: a stale answer never lands on a newer step
  #controller: AbortController | null = null;
  #lastProvider: ProviderCatalogueEntry | null = null;
  #started = false;
  readonly #announcer: Announcer | null;

  constructor(options: FlowOptions) {
    this.#options = options;
    this.#announcer = options.emit ? new Announcer(options.emit) : null;
  }

  get state(): FlowState {
    return this.#state;
  }

  subscribe(listener: (state: FlowState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops pending work and listeners; the element calls it when it is removed. */
  destroy(): void {
    this.#abandon();
    this.#listeners.clear();
  }

  send(event: FlowEvent): void {
    const s = this.#state;
    switch (event.type) {
      case 'start':
        if (!this.#started) this.#announcer?.started();
        this.#started = true;
        return this.#load();
      case 'consent':
        if (s.step === 'consent' && !s.busy) this.#consent(s, event);
        return;
      case 'country':
        if (s.step === 'country' && !s.busy) this.#residence(s, event.country);
        return;
      case 'provider': {
        const entry = s.step === 'provider' ? s.providers?.find((p) => p.provider_key === event.provider_key) : undefined;
        if (s.step === 'provider' && entry) this.#initiate(s.session, entry.provider_key, entry);
        return;
      }
      case 'back':
      case 'leave':
        if (s.step === 'provider_step') return this.#showProviders(s.session);
        if (s.step === 'provider' && event.type === 'back') return this.#goto(this.#countryState(s.session));
        return;
      case 'retry':
        return this.#retry(s);
      case 'token':
        if (s.step === 'provider_step' && s.attempt && !s.error) {
          const { provider_key, session_ref } = s.attempt;
          this.#verify(s, (signal) => this.#api().submitToken({ provider_key, session_ref, token: event.token }, signal));
        }
        return;
      case 'completed':
        if (s.step === 'provider_step' && s.attempt && !s.error) {
          const { provider_key, session_ref } = s.attempt;
          this.#verify(s, (signal) => this.#api().complete(provider_key, session_ref, signal));
        }
        return;
      case 'driver_error':
        if (s.step === 'provider_step' && !s.error) this.#goto({ ...s, error: { code: event.code, retryable: true } });
        return;
    }
  }

  // ---- steps ---------------------------------------------------------------------------------

  #load(): void {
    const api = this.#options.api;
    if (api instanceof ApiError) return this.#goto({ step: 'error', session: null, error: { code: api.code, retryable: false } });
    const session = sessionOf(this.#state);
    this.#goto({ step: 'loading' });
    this.#task(
      (signal) => api.getSession(signal),
      (fresh) => this.#goto(stateFor(fresh, 'resume')),
      (error) => this.#goto({ step: 'error', session, error: { code: error.code, retryable: !isFatalCode(error.code) } }),
    );
  }

  #consent(s: Of<'consent'>, event: Extract<FlowEvent, { type: 'consent' }>): void {
    const { decision, version, locale, text } = event;
    this.#goto({ ...s, busy: decision, error: null });
    this.#task(
      (signal) => this.#api().recordConsent({ notice: PRIVACY_NOTICE, version, locale, text, decision }, signal),
      (recorded) => {
        this.#options.emit?.('identity-verify-consent', { session_id: s.session.id, notice: PRIVACY_NOTICE, decision });
        const session: WidgetSession = {
          ...s.session,
          status: recorded.session_status,
          consents: [...s.session.consents.filter((c) => c.notice !== PRIVACY_NOTICE), { notice: PRIVACY_NOTICE, version, decision }],
          last_error: decision === 'declined' ? { code: 'consent_declined', reason: 'declined' } : s.session.last_error,
        };
        this.#goto(stateFor(session, 'continue'));
      },
      (error) => this.#failed(error, (e) => ({ ...s, busy: null, error: e })),
    );
  }

  #residence(s: Of<'country'>, country: string): void {
    if (!s.countries.includes(country)) return;
    this.#goto({ ...s, busy: true, error: null });
    this.#task(
      (signal) => this.#api().setResidence(country, signal),
      (session) => this.#goto(stateFor(session, 'continue')),
      (error) => this.#failed(error, (e) => ({ ...s, busy: false, error: e })),
    );
  }

  #countryState(session: WidgetSession): FlowState {
    return { step: 'country', session, countries: countriesFor(session), busy: false, error: null };
  }

  #showProviders(session: WidgetSession): void {
    const country = session.country_of_residence;
    this.#goto(country ? { step: 'provider', session, country, providers: null, error: null } : this.#countryState(session));
  }

  #loadProviders(s: Of<'provider'>): void {
    const canRun = this.#options.canRun ?? (() => true);
    this.#task(
      (signal) => this.#api().listProviders(s.country, signal),
      (list) => this.#goto({ ...s, providers: list.filter((p) => p.active && canRun(p.provider_key)) }),
      (error) => this.#failed(error, (e) => ({ ...s, error: e })),
    );
  }

  #initiate(session: WidgetSession, provider_key: ProviderKey, provider: ProviderCatalogueEntry | null): void {
    if (provider) this.#lastProvider = provider;
    const base: Of<'provider_step'> = { step: 'provider_step', session, provider_key, provider, attempt: null, mount: 0, error: null };
    const withAttempt = (attempt: ActiveAttempt, latest: WidgetSession = session) =>
      this.#goto({ ...base, session: { ...latest, active_attempt: attempt }, attempt });
    const claim = session.requirements.layer === 'identity' ? 'verified_identity' : 'verified_human';
    this.#goto(base);
    this.#task(
      (signal) => this.#api().initiate({ provider_key, requested_claims: [claim] }, signal),
      (attempt) => withAttempt(attempt),
      (error) => {
        if (error.code !== 'active_session_exists') return this.#failed(error, (e) => ({ ...base, error: e }));
        // Our own attempt from before a reload or a "back": pick it up rather than fail.
        this.#task(
          (signal) => this.#api().getSession(signal),
          (latest) =>
            latest.active_attempt?.provider_key === provider_key
              ? withAttempt(latest.active_attempt, latest)
              : this.#goto({ ...base, session: latest, error: { code: error.code, retryable: true } }),
          (again) => this.#failed(again, (e) => ({ ...base, error: e })),
        );
      },
    );
  }

  #verify(s: Of<'provider_step'>, call: (signal: AbortSignal) => Promise<VerificationResult>): void {
    this.#goto({ step: 'submitting', session: s.session });
    this.#task(call, (result) => this.#goto(stateFor(this.#merge(s.session, result), 'resume')), (error) => {
      if (PROVIDER_TOKEN_FAILURES.has(error.code)) {
        const session = { ...s.session, active_attempt: null, last_error: { code: error.code, reason: error.message } };
        return this.#goto({ step: 'result', session, outcome: { kind: 'failed', code: error.code, retry: true } });
      }
      // Whether the provider's answer was recorded is unknown: the retry re-reads the session.
      this.#failed(error, (e) => ({ step: 'error', session: s.session, error: e }));
    });
  }

  #poll(s: Of<'submitting'>): void {
    const { pollMs = 2_000, sleep = defaultSleep } = this.#options;
    this.#task(
      async (signal) => (await sleep(pollMs, signal), this.#api().getSession(signal)),
      (session) => this.#goto(stateFor(session, 'resume')),
      (error) => this.#failed(error, (e) => ({ step: 'error', session: s.session, error: e })),
    );
  }

  #retry(s: FlowState): void {
    if (s.step === 'error' && s.error.retryable) return this.#load();
    if (s.step === 'provider' && s.error) return this.#goto({ ...s, providers: null, error: null });
    if (s.step === 'provider_step' && s.error) {
      if (!s.attempt) return this.#initiate(s.session, s.provider_key, s.provider);
      return this.#goto({ ...s, mount: s.mount + 1, error: null });
    }
    if (s.step === 'result' && s.outcome.kind === 'failed' && s.outcome.retry) {
      const last = this.#lastProvider;
      if (last) return this.#initiate(s.session, last.provider_key, last);
      return this.#showProviders(s.session);
    }
  }

  // ---- plumbing ------------------------------------------------------------------------------

  #merge(session: WidgetSession, result: VerificationResult): WidgetSession {
    return { ...session, status: result.status, claims: result.claims, last_error: result.last_error, active_attempt: null };
  }

  #api(): IdentityApi {
    const api = this.#options.api;
    if (api instanceof ApiError) throw api;
    return api;
  }

  /** A failure on a step: bad credentials end the flow, a moved-on session is re-read, else stay. */
  #failed(error: ApiError, stay: (error: FlowError) => FlowState): void {
    if (isFatalCode(error.code)) {
      return this.#goto({ step: 'error', session: sessionOf(this.#state), error: { code: error.code, retryable: false } });
    }
    if (MOVED_ON.has(error.code)) return this.#load();
    this.#goto(stay({ code: error.code, retryable: true }));
  }

  #task<T>(work: (signal: AbortSignal) => Promise<T>, done: (value: T) => void, failed: (error: ApiError) => void): void {
    this.#abandon();
    const op = this.#op;
    const controller = new AbortController();
    this.#controller = controller;
    work(controller.signal).then(
      (value) => op === this.#op && done(value),
      (error: unknown) => op === this.#op && failed(toApiError(error)),
    );
  }

  #abandon(): void {
    this.#op++;
    this.#controller?.abort();
    this.#controller = null;
  }

  #goto(next: FlowState): void {
    const previous = this.#state;
    if (previous.step !== next.step) this.#abandon();
    this.#state = next;
    this.#announcer?.transition(previous, next);
    for (const listener of this.#listeners) listener(next);
    if (next.step === 'provider' && next.providers === null && !next.error) this.#loadProviders(next);
    if (next.step === 'submitting' && next.session.status === 'processing') this.#poll(next);
  }
}
