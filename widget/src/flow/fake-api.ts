// An in-memory BFF for the flow's tests: it keeps one session and applies the rules of the
// widget API (consent gate, 409 on a pending attempt, spent tokens, Stripe attempts that stay
// open after a failed try), with hooks to fail or hold calls.
import type {
  ActiveAttempt,
  ConsentRequest,
  ConsentResponse,
  InitiateRequest,
  PendingVerification,
  ProviderCatalogueEntry,
  TokenRequest,
  UploadResponse,
  VerificationResult,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import type { DelegateRequest } from '@identity-verify/contract/delegation';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import type { IdentityApi, UploadTarget } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import { sampleAttempt, sampleOnfidoAttempt, sampleProvider, sampleSession, sampleStripeAttempt } from '../api/fixtures.js';

export type Method = keyof IdentityApi;
export const GOOD_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

/** What a provider that keeps the attempt (Stripe) says when the BFF asks it: not finished yet,
 * still checking, verified, or a failed try (the attempt stays open, with a new client secret). */
export type HeldVerdict = 'pending' | 'processing' | 'verified' | { failed: string };

export class FakeBff implements IdentityApi {
  session: WidgetSession;
  providers: ProviderCatalogueEntry[] = [sampleProvider()];
  readonly calls: Array<{ method: Method; args: unknown[] }> = [];
  /** What the provider says about a good token; `processing` leaves the session to be polled. */
  verdict: 'verified' | 'processing' = 'verified';
  /** What Stripe says on complete and sync. */
  stripe: HeldVerdict = 'verified';
  readonly #failures = new Map<Method, ApiError[]>();
  readonly #holds = new Map<Method, Promise<void>>();
  #attempts = 0;

  constructor(session: Partial<WidgetSession> = {}) {
    this.session = sampleSession(session);
  }

  /** The next call to `method` rejects with `error`. */
  failNext(method: Method, code: string, status = 400): void {
    const queue = this.#failures.get(method) ?? [];
    queue.push(new ApiError(code, `fake ${code}`, { status }));
    this.#failures.set(method, queue);
  }

  /** Calls to `method` wait until the returned function is called. */
  hold(method: Method): () => void {
    let release!: () => void;
    this.#holds.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => (this.#holds.delete(method), release());
  }

  callsTo(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  async #enter(method: Method, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await this.#holds.get(method);
    const failure = this.#failures.get(method)?.shift();
    if (failure) throw failure;
  }

  #copy<T>(value: T): T {
    return structuredClone(value);
  }

  async getSession(): Promise<WidgetSession> {
    await this.#enter('getSession');
    return this.#copy(this.session);
  }

  async recordConsent(body: ConsentRequest): Promise<ConsentResponse> {
    await this.#enter('recordConsent', body);
    const s = this.session;
    s.consents = [...s.consents.filter((c) => c.notice !== body.notice), { notice: body.notice, version: body.version, decision: body.decision }];
    if (body.decision === 'declined' && body.notice !== 'privacy_notice') {
      // As the BFF: a provider needing the declined notice is no longer offered; none left ends the session.
      this.providers = this.providers.filter((p) => !(p.notices ?? []).includes(body.notice));
      if (this.providers.length === 0) {
        s.status = 'canceled';
        s.last_error = { code: 'consent_declined', reason: 'The person declined the notice.' };
      }
    } else if (body.decision === 'declined') {
      s.status = 'canceled';
      s.last_error = { code: 'consent_declined', reason: 'The person declined the notice.' };
    }
    return { id: 'cns_1', notice: body.notice, version: body.version, decision: body.decision, text_sha256: 'sha', recorded_at: '2030-01-01T00:00:00Z', session_status: s.status };
  }

  /** As the BFF: once verified, the decision on the delegation service's scopes (exactly those asked) is kept. */
  async delegate(body: DelegateRequest): Promise<unknown> {
    await this.#enter('delegate', body);
    const delegation = this.session.delegation;
    if (!delegation || this.session.status !== 'verified') throw new ApiError('forbidden', 'fake forbidden', { status: 403 });
    if (body.delegated_scopes.join() !== delegation.scopes.map((s) => s.scope).join()) throw new ApiError('validation_failed', 'fake scopes', { status: 400 });
    this.session.delegation = { ...delegation, status: body.decision === 'declined' ? 'declined' : 'granted' };
    return body.decision === 'declined' ? { object: 'delegation_decision', decision: 'declined' } : { object: 'identity_claim', type: 'delegation' };
  }

  async setResidence(country: string): Promise<WidgetSession> {
    await this.#enter('setResidence', country);
    this.session.country_of_residence = country;
    return this.#copy(this.session);
  }

  async listProviders(country: string): Promise<ProviderCatalogueEntry[]> {
    await this.#enter('listProviders', country);
    return this.#copy(this.providers.filter((p) => p.coverage === 'global' || p.coverage.includes(country)));
  }

  async initiate(body: InitiateRequest): Promise<ActiveAttempt> {
    await this.#enter('initiate', body);
    if (!this.session.consents.some((c) => c.notice === 'privacy_notice' && c.decision === 'accepted')) {
      throw new ApiError('consent_required', 'fake', { status: 403 });
    }
    if (this.session.active_attempt?.provider_key === body.provider_key) {
      throw new ApiError('active_session_exists', 'fake', { status: 409 });
    }
    this.#attempts += 1;
    const ids = { session_id: `iva_${this.#attempts}`, session_ref: `ref_${this.#attempts}` };
    const notice = this.providers.find((p) => p.provider_key === body.provider_key)?.notices.find((n) => !this.session.consents.some((c) => c.notice === n && c.decision === 'accepted'));
    if (notice) throw new ApiError('biometric_consent_required', 'fake', { status: 403 });
    const attempt =
      body.provider_key === 'stripe_identity'
        ? sampleStripeAttempt(ids)
        : body.provider_key === 'onfido'
          ? sampleOnfidoAttempt(ids)
          : sampleAttempt({ provider_key: body.provider_key, ...ids });
    this.session.active_attempt = attempt;
    return this.#copy(attempt);
  }

  async listPending(): Promise<PendingVerification[]> {
    await this.#enter('listPending');
    const a = this.session.active_attempt;
    return a ? [{ session_id: a.session_id, provider_key: a.provider_key, session_ref: a.session_ref, status: a.status, created_at: a.created_at, expires_at: a.expires_at }] : [];
  }

  async submitToken(body: TokenRequest): Promise<VerificationResult> {
    await this.#enter('submitToken', body);
    const attempt = this.session.active_attempt;
    if (!attempt || attempt.session_ref !== body.session_ref) throw new ApiError('no_pending_session', 'fake', { status: 404 });
    this.session.active_attempt = null; // spent, whatever the verdict
    if (body.token !== GOOD_TOKEN) {
      this.session.last_error = { code: 'token_invalid', reason: 'The token is not valid.' };
      throw new ApiError('token_invalid', 'The token is not valid.', { status: 422 });
    }
    return this.#settle(body.provider_key);
  }

  async sync(providerKey: ProviderKey): Promise<VerificationResult> {
    await this.#enter('sync', providerKey);
    const attempt = this.session.active_attempt;
    if (attempt?.provider_key === providerKey && attempt.client.provider_key === 'stripe_identity') this.#askStripe(attempt);
    return this.#result();
  }

  async complete(providerKey: ProviderKey, sessionRef: string): Promise<VerificationResult> {
    await this.#enter('complete', providerKey, sessionRef);
    const attempt = this.session.active_attempt;
    if (attempt?.client.provider_key === 'stripe_identity') {
      if (attempt.session_ref !== sessionRef) throw new ApiError('no_pending_session', 'fake', { status: 404 });
      this.#askStripe(attempt);
      return this.#result();
    }
    this.session.active_attempt = null;
    return this.#settle(providerKey);
  }

  readonly uploads: Array<{ side: string; bytes: number }> = [];

  async uploadImage(target: UploadTarget, image: Blob, progress?: (sent: number, total: number) => void): Promise<UploadResponse> {
    await this.#enter('uploadImage', target, image.size);
    const attempt = this.session.active_attempt;
    if (!attempt || attempt.session_ref !== target.session_ref) throw new ApiError('no_pending_session', 'fake', { status: 404 });
    progress?.(image.size, image.size);
    this.uploads.push({ side: target.side, bytes: image.size });
    return { side: target.side, bytes: image.size, received_at: '2030-01-01T00:00:00Z' };
  }

  async refresh(providerKey: ProviderKey, sessionRef: string): Promise<ActiveAttempt> {
    await this.#enter('refresh', providerKey, sessionRef);
    const attempt = this.session.active_attempt;
    if (!attempt || attempt.session_ref !== sessionRef) throw new ApiError('no_pending_session', 'fake', { status: 404 });
    // Yoti's embedded view has no SDK token: its client is a URL and an origin.
    if (attempt.client.flow === 'embedded_sdk' && attempt.client.provider_key !== 'yoti') attempt.client.sdk_token += '.fresh';
    return this.#copy(attempt);
  }

  #askStripe(attempt: ActiveAttempt): void {
    const says = this.stripe;
    if (says === 'pending') return;
    if (says === 'processing') return void (this.session.status = 'processing');
    if (says === 'verified') {
      this.session.active_attempt = null;
      return void this.#settle('stripe_identity', 'verified');
    }
    this.session.status = 'requires_input';
    this.session.last_error = { code: says.failed, reason: 'fake' };
    // Stripe's client secret is good for one submission: a failed try comes with a new one.
    if (attempt.client.provider_key === 'stripe_identity') attempt.client.client_secret += '_again';
  }

  /** What the provider decides later, for sessions left `processing`. */
  finishProcessing(): void {
    this.#settle('turnstile', 'verified');
  }

  #settle(provider_key: ProviderKey, verdict = this.verdict): VerificationResult {
    this.session.status = verdict;
    this.session.last_error = null;
    if (verdict === 'verified') this.session.claims = [{ type: 'verified_human', provider_key, assurance_level: 'low' }];
    return this.#result();
  }

  #result(): VerificationResult {
    const s = this.session;
    return this.#copy({ session_id: s.id, status: s.status, provider_key: s.claims[0]?.provider_key ?? null, claims: s.claims, last_error: s.last_error });
  }
}
