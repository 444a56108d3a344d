// The widget's flow as a DOM-free machine: it takes events, calls the BFF, and publishes
// states and widget events. The element renders `state` and forwards what the person does.
// (A little over 300 lines: every transition stays in this one file, to be read in one place.)
import type {
  ActiveAttempt,
  ProviderCatalogueEntry,
  VerificationResult,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import { isFinalStatus, type ProviderKey } from '@identity-verify/contract/vocabulary';
import type { IdentityApi } from '../api/client.js';
import { ApiError, isFatalCode } from '../api/errors.js';
import { Announcer } from './announce.js';
import {
  afterResult,
  countriesFor,
  holdsState,
  pendingNotice,
  PRIVACY_NOTICE,
  providerStep,
  retryAttempt,
  sessionOf,
  stateFor,
  withDecision,
} from './resume.js';
import { defaultSleep, MAX_POLLS, pollDelay, Tasks } from './tasks.js';
import type { EmitFn, FlowError, FlowEvent, FlowState, ProviderPhase } from './types.js';

export interface FlowOptions {
  /** The BFF client, or why none could be built (a missing attribute). */
  api: IdentityApi | ApiError;
  emit?: EmitFn;
  /** Which providers' flows this bundle has a driver for; others are left out of the list. */
  canRun?: (entry: ProviderCatalogueEntry) => boolean;
  /** The first wait between reads while the provider is processing; later waits grow. */
  pollMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Where a provider's page sends the person back to, for a provider whose step may leave this page; else null. */
  returnUrl?: (provider_key: ProviderKey) => string | null;
}

type Of<S extends FlowState['step']> = Extract<FlowState, { step: S }>;
/** Answers meaning the session is not where this page thought: re-read it and show where it is. */
const MOVED_ON = new Set(['session_closed', 'consent_required', 'residence_required', 'no_pending_session']);
const PROVIDER_TOKEN_FAILURES = new Set(['token_invalid', 'token_expired', 'token_mismatch']);

export class Flow {
  #state: FlowState = { step: 'loading' };
  readonly #options: FlowOptions;
  readonly #listeners = new Set<(state: FlowState) => void>();
  readonly #tasks = new Tasks();
  #lastProvider: ProviderCatalogueEntry | null = null;
  #started = false;
  #polls = 0;
  /** Attempts already asked about on load, so a session that keeps moving on cannot loop. */
  readonly #asked = new Set<string>();
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
    this.#tasks.abandon();
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
        if (s.step === 'notice' && !s.busy) this.#notice(s, event);
        if (s.step === 'delegation' && !s.busy) this.#delegate(s, event);
        return;
      case 'country':
        if (s.step === 'country' && !s.busy) this.#residence(s, event.country);
        return;
      case 'provider': {
        const entry = s.step === 'provider' ? s.providers?.find((p) => p.provider_key === event.provider_key) : undefined;
        if (s.step !== 'provider' || !entry) return;
        // The provider's own notice comes first: nothing is created at the provider before it is accepted.
        const notice = pendingNotice(s.session, entry);
        if (notice) return this.#goto({ step: 'notice', session: s.session, provider: entry, notice, busy: null, error: null });
        return this.#initiate(s.session, entry.provider_key, entry);
      }
      case 'back':
        if (s.step === 'provider_step' || s.step === 'notice' || (s.step === 'result' && (retryAttempt(s) || (s.outcome.kind === 'failed' && s.outcome.code === 'abandoned')))) {
          return this.#showProviders(s.session);
        }
        if (s.step === 'provider') return this.#goto(this.#countryState(s.session));
        return;
      case 'leave':
        // Closing a provider UI the person opened keeps the attempt, to resume or leave for another way.
        if (s.step === 'provider_step' && s.phase === 'open' && !s.error) return this.#goto({ ...s, phase: 'left' });
        if (s.step === 'provider_step') return this.#showProviders(s.session);
        return;
      case 'launch':
        // A new mount: the driver opens the provider's UI as it mounts.
        if (s.step === 'provider_step' && s.attempt && !s.error && s.phase !== 'open') this.#goto({ ...s, phase: 'open', mount: s.mount + 1 });
        return;
      case 'retry':
        return this.#retry(s);
      case 'token':
      case 'completed':
        if (s.step === 'provider_step' && s.attempt && !s.error) this.#submit(s, s.attempt, event.type === 'token' ? event.token : null);
        return;
      case 'refresh':
        if (s.step === 'provider_step' && s.attempt && !s.error) this.#refresh(s, s.attempt);
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
    this.#tasks.run(
      (signal) => api.getSession(signal),
      (fresh) => {
        const next = stateFor(fresh, 'resume');
        // A provider that keeps the attempt may have finished it while this page was away (a
        // reload, the return from its hosted page): ask the BFF before showing the step again.
        // Our own capture has not finished while away unless it was completed (then the session says so):
        // the person captures on, here (a reload, or a phone that took the session over).
        if (next.step !== 'provider_step' || !next.attempt || !holdsState(next.attempt) || next.attempt.client.flow === 'native_capture' || this.#asked.has(next.attempt.session_ref)) {
          return this.#goto(next);
        }
        this.#asked.add(next.attempt.session_ref);
        this.#submit(next, next.attempt, null);
      },
      (error) => this.#goto({ step: 'error', session, error: { code: error.code, retryable: !isFatalCode(error.code) } }),
    );
  }

  #consent(s: Of<'consent'>, event: Extract<FlowEvent, { type: 'consent' }>): void {
    const { decision, version, locale, text } = event;
    this.#goto({ ...s, busy: decision, error: null });
    this.#tasks.run(
      (signal) => this.#api().recordConsent({ notice: PRIVACY_NOTICE, version, locale, text, decision }, signal),
      (recorded) => {
        this.#options.emit?.('identity-verify-consent', { session_id: s.session.id, notice: PRIVACY_NOTICE, decision });
        const session: WidgetSession = {
          ...withDecision(s.session, PRIVACY_NOTICE, version, decision),
          status: recorded.session_status,
          last_error: decision === 'declined' ? { code: 'consent_declined', reason: 'declined' } : s.session.last_error,
        };
        this.#goto(stateFor(session, 'continue'));
      },
      (error) => this.#failed(error, (e) => ({ ...s, busy: null, error: e })),
    );
  }

  /** A provider's own notice: accepted, the provider starts; declined, the person is offered the other ways, if any are left. */
  #notice(s: Of<'notice'>, event: Extract<FlowEvent, { type: 'consent' }>): void {
    const { decision, version, locale, text } = event;
    const { notice, provider } = s;
    this.#goto({ ...s, busy: decision, error: null });
    this.#tasks.run(
      (signal) => this.#api().recordConsent({ notice, version, locale, text, decision }, signal),
      (recorded) => {
        this.#options.emit?.('identity-verify-consent', { session_id: s.session.id, notice, decision });
        const session: WidgetSession = { ...withDecision(s.session, notice, version, decision), status: recorded.session_status };
        if (decision === 'accepted') return this.#initiate(session, provider.provider_key, provider);
        // The BFF ends the session when no way without this notice is left; else it no longer lists this provider.
        if (isFinalStatus(recorded.session_status)) {
          return this.#goto(stateFor({ ...session, last_error: { code: 'consent_declined', reason: 'declined' } }, 'continue'));
        }
        this.#showProviders(session);
      },
      (error) => this.#failed(error, (e) => ({ ...s, busy: null, error: e })),
    );
  }

  /** The person's decision on the scopes a delegation service asks: either way, the verification's result follows. */
  #delegate(s: Of<'delegation'>, { decision, version, locale, text }: Extract<FlowEvent, { type: 'consent' }>): void {
    const delegation = s.session.delegation!;
    this.#goto({ ...s, busy: decision, error: null });
    this.#tasks.run(
      (signal) => this.#api().delegate({ delegated_scopes: delegation.scopes.map((d) => d.scope), decision, version, locale, text }, signal),
      () => {
        this.#options.emit?.('identity-verify-consent', { session_id: s.session.id, notice: 'delegation', decision });
        const session = { ...s.session, delegation: { ...delegation, status: decision === 'accepted' ? ('granted' as const) : ('declined' as const) } };
        this.#goto({ step: 'result', session, outcome: s.outcome });
      },
      (error) => this.#failed(error, (e) => ({ ...s, busy: null, error: e })),
    );
  }

  #residence(s: Of<'country'>, country: string): void {
    if (!s.countries.includes(country)) return;
    this.#goto({ ...s, busy: true, error: null });
    this.#tasks.run(
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
    this.#tasks.run(
      (signal) => this.#api().listProviders(s.country, signal),
      (list) => this.#goto({ ...s, providers: list.filter((p) => p.active && canRun(p)) }),
      (error) => this.#failed(error, (e) => ({ ...s, error: e })),
    );
  }

  #initiate(session: WidgetSession, provider_key: ProviderKey, provider: ProviderCatalogueEntry | null): void {
    if (provider) this.#lastProvider = provider;
    const base: Of<'provider_step'> = { step: 'provider_step', session, provider_key, provider, attempt: null, mount: 0, error: null, phase: 'ready' };
    const withAttempt = (attempt: ActiveAttempt, latest: WidgetSession = session) =>
      this.#goto({ ...base, session: { ...latest, active_attempt: attempt }, attempt });
    const claim = session.requirements.layer === 'identity' ? 'verified_identity' : 'verified_human';
    // Only providers whose step can leave the page need to know the way back.
    const returnUrl = provider?.flow === 'inline_token' ? null : (this.#options.returnUrl?.(provider_key) ?? null);
    this.#goto(base);
    this.#tasks.run(
      (signal) => this.#api().initiate({ provider_key, requested_claims: [claim], ...(returnUrl ? { return_url: returnUrl } : {}) }, signal),
      (attempt) => withAttempt(attempt),
      (error) => {
        if (error.code !== 'active_session_exists') return this.#failed(error, (e) => ({ ...base, error: e }));
        // Our own attempt from before a reload or a "back": pick it up rather than fail.
        this.#tasks.run(
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

  /** Opens the provider's step again on the session's attempt, read afresh (a provider may replace its client secret after a failed try). */
  #reopen(session: WidgetSession, provider_key: ProviderKey, provider: ProviderCatalogueEntry | null, phase: ProviderPhase): void {
    const base: Of<'provider_step'> = { step: 'provider_step', session, provider_key, provider, attempt: null, mount: 0, error: null, phase };
    this.#goto(base);
    this.#tasks.run(
      (signal) => this.#api().getSession(signal),
      (latest) => {
        const attempt = latest.active_attempt;
        this.#goto(attempt?.provider_key === provider_key ? providerStep(latest, attempt, provider, phase) : stateFor(latest, 'continue'));
      },
      (error) => this.#failed(error, (e) => ({ ...base, error: e })),
    );
  }

  /** The provider's credentials expired mid-flow: fresh ones from the BFF, and the driver mounted anew with them. */
  #refresh(s: Of<'provider_step'>, attempt: ActiveAttempt): void {
    this.#tasks.run(
      (signal) => this.#api().refresh(attempt.provider_key, attempt.session_ref, signal),
      (fresh) => this.#goto({ ...s, session: { ...s.session, active_attempt: fresh }, attempt: fresh, mount: s.mount + 1, error: null }),
      (error) => this.#failed(error, (e) => ({ ...s, error: e })),
    );
  }

  /** Hands the BFF a provider token to verify, or (null) asks it to complete the attempt with the provider. */
  #submit(s: Of<'provider_step'>, attempt: ActiveAttempt, token: string | null): void {
    const { provider_key, session_ref } = attempt;
    const call = (signal: AbortSignal): Promise<VerificationResult> =>
      token === null
        ? this.#api().complete(provider_key, session_ref, signal)
        : this.#api().submitToken({ provider_key, session_ref, token }, signal);
    this.#goto({ step: 'submitting', session: s.session });
    this.#tasks.run(call, (result) => this.#goto(afterResult(s.session, attempt, s.provider, result)), (error) => {
      // The provider decided against the person: the session says whether that is final (rejected) or another try is allowed.
      if (error.code === 'provider_rejected') return this.#load();
      if (PROVIDER_TOKEN_FAILURES.has(error.code)) {
        const session = { ...s.session, active_attempt: null, last_error: { code: error.code, reason: error.message } };
        return this.#goto({ step: 'result', session, outcome: { kind: 'failed', code: error.code, retry: true } });
      }
      // Whether the provider's answer was recorded is unknown: the retry re-reads the session.
      this.#failed(error, (e) => ({ step: 'error', session: s.session, error: e }));
    });
  }

  /**
   * While the provider decides, the BFF pushes the session's state as it changes (a webhook's
   * verdict reaches the page at once). Where the stream cannot be had, or once it ended without
   * a verdict, the page asks instead for the rest of this wait.
   */
  #follow(s: Of<'submitting'>): void {
    const api = this.#api();
    if (!api.follow || this.#polls) return this.#poll(s);
    const attempt = s.session.active_attempt;
    const ask = () => this.#poll(s);
    this.#tasks.run((signal) => api.follow!((state) => state.status !== 'processing' && this.#goto(afterResult(s.session, attempt, null, state)), signal), ask, ask);
  }

  #poll(s: Of<'submitting'>): void {
    const { pollMs = 2_000, sleep = defaultSleep } = this.#options;
    const round = this.#polls++;
    // The BFF learns the outcome anyway (webhooks) and tells the host; the person need not wait on.
    if (round >= MAX_POLLS) return this.#goto({ step: 'result', session: s.session, outcome: { kind: 'processing' } });
    const attempt = s.session.active_attempt;
    this.#tasks.run(
      async (signal): Promise<FlowState> => {
        await sleep(pollDelay(pollMs, round), signal);
        // A provider that keeps the attempt is asked through the BFF; else the BFF's record is read.
        if (attempt && holdsState(attempt)) return afterResult(s.session, attempt, null, await this.#api().sync(attempt.provider_key, signal));
        return stateFor(await this.#api().getSession(signal), 'resume');
      },
      (next) => this.#goto(next),
      (error) => this.#failed(error, (e) => ({ step: 'error', session: s.session, error: e })),
    );
  }

  #retry(s: FlowState): void {
    if (s.step === 'error' && s.error.retryable) return this.#load();
    if (s.step === 'provider' && s.error) return this.#goto({ ...s, providers: null, error: null });
    if (s.step === 'provider_step' && s.error) {
      if (!s.attempt) return this.#initiate(s.session, s.provider_key, s.provider);
      if (holdsState(s.attempt)) return this.#reopen(s.session, s.provider_key, s.provider, s.phase);
      return this.#goto({ ...s, mount: s.mount + 1, error: null });
    }
    const same = retryAttempt(s);
    if (same && s.step === 'result') {
      const last = this.#lastProvider?.provider_key === same.provider_key ? this.#lastProvider : null;
      return this.#reopen(s.session, same.provider_key, last, 'open');
    }
    if (s.step === 'result' && s.outcome.kind === 'processing') return this.#goto({ step: 'submitting', session: s.session });
    if (s.step === 'result' && s.outcome.kind === 'failed' && s.outcome.retry) {
      const last = this.#lastProvider;
      if (last) return this.#initiate(s.session, last.provider_key, last);
      return this.#showProviders(s.session);
    }
  }

  // ---- plumbing ------------------------------------------------------------------------------
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

  #goto(next: FlowState): void {
    // A delegation service asks its question once the person is verified, however they got there.
    if (next.step === 'result' && next.outcome.kind === 'verified' && next.session.delegation?.status === 'pending') {
      next = { step: 'delegation', session: next.session, outcome: next.outcome, busy: null, error: null };
    }
    const previous = this.#state;
    if (previous.step !== next.step) this.#tasks.abandon();
    if (next.step === 'submitting' && previous.step !== 'submitting') this.#polls = 0;
    this.#state = next;
    this.#announcer?.transition(previous, next);
    for (const listener of this.#listeners) listener(next);
    if (next.step === 'provider' && next.providers === null && !next.error) this.#loadProviders(next);
    if (next.step === 'submitting' && next.session.status === 'processing') this.#follow(next);
  }
}
