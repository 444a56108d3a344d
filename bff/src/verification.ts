// The verification service: what happens to a session and its provider attempts. Routes call
// it after authentication and validation; it is the one place state transitions are decided.
import { isFinalStatus, type ClaimType, type ConsentDecision, type ConsentNotice, type ProviderKey } from '@identity-verify/contract/vocabulary';
import type {
  ActiveAttempt,
  ConsentRequest,
  HostSession,
  PendingVerification,
  Person,
  ProviderCatalogueEntry,
  UploadResponse,
  VerificationResult,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import type { Clock } from './clock.js';
import { ApiError } from './errors.js';
import type { PiiBox } from './security/pii.js';
import { newId, sha256Hex } from './security/tokens.js';
import type { AttemptRecord, SessionRecord, Store } from './store/store.js';
import type { ClaimRow, ConsentRow } from './store/schema.js';
import { catalogueEntry, noticesFor, providersFor, type ProviderRegistry } from './providers/registry.js';
import type { CaptureDocumentType, CaptureSide, Outcome, ProviderAdapter, VerifiedWebhook } from './providers/types.js';
import { openImageStream } from './uploads/image-stream.js';

export type HostInclude = 'verified_outputs' | 'sensitive_outputs' | 'images';

export interface VerificationDeps {
  store: Store;
  providers: ProviderRegistry;
  clock: Clock;
  pii: PiiBox;
}

/** Each notice's latest decision: a later decision replaces an earlier one. */
function latestDecisions(consents: readonly ConsentRow[]): Map<ConsentNotice, ConsentDecision> {
  return new Map(consents.map((c) => [c.notice as ConsentNotice, c.decision as ConsentDecision]));
}

const publicClaim = (c: ClaimRow) => ({
  type: c.type as ClaimType,
  provider_key: c.provider_key as ProviderKey,
  assurance_level: c.assurance_level as 'low' | 'substantial' | 'high',
});

export function createVerificationService({ store, providers, clock, pii }: VerificationDeps) {
  const nowIso = () => clock.now().toISOString();
  const isPast = (iso: string) => clock.now().getTime() >= Date.parse(iso);

  /** Sessions expire lazily: the first read after expires_at records the expiry. */
  async function fresh(session: SessionRecord): Promise<SessionRecord> {
    if (isFinalStatus(session.status) || !isPast(session.expires_at)) return session;
    await store.transaction(async (tx) => {
      if (await tx.updateSession(session.id, { status: 'expired', last_error_code: 'session_expired', last_error_reason: 'The session expired before it was completed.' }, [session.status])) {
        await tx.audit({ session_id: session.id, actor: 'system', action: 'session.expired' });
      }
    });
    return (await store.getSession(session.id)) ?? session;
  }

  async function requireOpen(session: SessionRecord): Promise<SessionRecord> {
    const current = await fresh(session);
    if (isFinalStatus(current.status)) throw new ApiError('session_closed', `The session is ${current.status} and takes no more input.`);
    return current;
  }

  const lastError = (s: SessionRecord) =>
    s.last_error_code ? { code: s.last_error_code, reason: s.last_error_reason ?? '' } : null;

  const isLive = (a: AttemptRecord) => !isPast(a.expires_at);

  const pendingView = (a: AttemptRecord): PendingVerification => ({
    session_id: a.id,
    provider_key: a.provider_key,
    session_ref: a.session_ref,
    status: 'pending',
    created_at: a.created_at,
    expires_at: a.expires_at,
  });
  const activeView = (a: AttemptRecord): ActiveAttempt => ({ ...pendingView(a), client: a.client });

  async function result(sessionId: string): Promise<VerificationResult> {
    const session = (await store.getSession(sessionId))!;
    return {
      session_id: session.id,
      status: session.status,
      provider_key: session.provider_key as ProviderKey | null,
      claims: (await store.listClaims(session.id)).map(publicClaim),
      last_error: lastError(session),
    };
  }

  /** Applies a provider's outcome for an attempt once: a replay finds the attempt closed. */
  async function applyOutcome(session: SessionRecord, attempt: AttemptRecord, outcome: Outcome, actor: string): Promise<boolean> {
    if ((outcome.status === 'pending' || outcome.status === 'requires_input') && outcome.client) {
      await store.refreshAttemptClient(attempt.id, outcome.client);
    }
    if (outcome.status === 'pending') return false;
    if (outcome.status === 'processing') {
      return store.updateSession(
        session.id,
        { status: 'processing', provider_key: attempt.provider_key, ...(outcome.details ? { provider_result: outcome.details } : {}) },
        ['requires_input'],
      );
    }
    if (outcome.status === 'requires_input' && outcome.attemptStaysOpen) {
      const current = await store.getSession(session.id);
      if (current?.last_error_code === outcome.error.code && current.status === 'requires_input') return false;
      return store.transaction(async (tx) => {
        const applied = await tx.updateSession(
          session.id,
          { status: 'requires_input', provider_key: attempt.provider_key, last_error_code: outcome.error.code, last_error_reason: outcome.error.reason },
          ['requires_input', 'processing'],
        );
        if (applied) await tx.audit({ session_id: session.id, actor, action: 'outcome.applied', detail: { attempt_id: attempt.id, provider_key: attempt.provider_key, status: 'requires_input', code: outcome.error.code } });
        return applied;
      });
    }
    return store.transaction(async (tx) => {
      const closed = await tx.moveAttempt(attempt.id, ['pending', 'submitted'], outcome.status === 'verified' ? 'succeeded' : 'failed');
      if (!closed) return false;
      const final = outcome.status !== 'requires_input';
      const applied = await tx.updateSession(
        session.id,
        {
          status: outcome.status,
          provider_key: attempt.provider_key,
          last_error_code: outcome.status === 'verified' ? null : outcome.error.code,
          last_error_reason: outcome.status === 'verified' ? null : outcome.error.reason,
          completed_at: final ? nowIso() : null,
          ...(outcome.status === 'verified' && outcome.pii ? { pii_sealed: pii.seal(outcome.pii, session.id) } : {}),
          ...(outcome.details ? { provider_result: outcome.details } : {}),
        },
        ['requires_input', 'processing'],
      );
      if (!applied) return false;
      if (outcome.status === 'verified') {
        const assurance = outcome.assurance;
        await tx.addClaims(session.id, outcome.claims.map((type) => ({ type, provider_key: attempt.provider_key, assurance_level: assurance })));
      }
      await tx.audit({
        session_id: session.id,
        actor,
        action: 'outcome.applied',
        detail: { attempt_id: attempt.id, provider_key: attempt.provider_key, status: outcome.status, code: outcome.status === 'verified' ? null : outcome.error.code },
      });
      return true;
    });
  }

  function adapterFor(key: ProviderKey): ProviderAdapter {
    const adapter = providers.get(key);
    if (!adapter) throw new ApiError('provider_not_available', `The provider "${key}" is not configured on this server.`);
    return adapter;
  }

  /**
   * Consent before capture, enforced here for every call that reaches a provider: each notice
   * the provider needs for this session and country must have an acceptance as its latest
   * decision. Answers the notices accepted, for the provider to be told of the consent.
   */
  async function requireNotices(s: SessionRecord, adapter: ProviderAdapter, consents?: readonly ConsentRow[]): Promise<ConsentNotice[]> {
    const decisions = latestDecisions(consents ?? (await store.listConsents(s.id)));
    const missing = noticesFor(adapter, s.requirements, s.country_of_residence).filter((n) => decisions.get(n) !== 'accepted');
    if (missing.length) {
      throw new ApiError('biometric_consent_required', undefined, { notices: missing, provider_key: adapter.key });
    }
    return [...decisions].filter(([, d]) => d === 'accepted').map(([n]) => n);
  }

  /** The providers this person may still choose: a provider whose notice they declined is not offered again. */
  function available(s: SessionRecord, country: string | null, consents: readonly ConsentRow[]): ProviderCatalogueEntry[] {
    const decisions = latestDecisions(consents);
    return providersFor(providers, s.requirements, country)
      .map((adapter) => catalogueEntry(adapter, s.requirements, noticesFor(adapter, s.requirements, country)))
      .filter((entry) => !entry.notices.some((n) => decisions.get(n) === 'declined'));
  }

  const personOf = (s: SessionRecord): Person | null => (s.person_sealed ? (pii.open(s.person_sealed, s.id) as Person) : null);

  return {
    fresh,

    async hostView(session: SessionRecord, include: ReadonlySet<HostInclude> = new Set()): Promise<HostSession> {
      const s = await fresh(session);
      const claims = await store.listClaims(s.id);
      const view: HostSession = {
        id: s.id,
        object: 'identity_session',
        reference: s.reference,
        status: s.status,
        provider_key: s.provider_key as ProviderKey | null,
        requirements: s.requirements,
        locale: s.locale,
        country_of_residence: s.country_of_residence,
        claims: claims.map((c) => ({ id: c.id, ...publicClaim(c), issued_at: c.issued_at })),
        last_error: lastError(s),
        metadata: s.metadata,
        return_url: s.return_url,
        created_at: s.created_at,
        updated_at: s.updated_at,
        expires_at: s.expires_at,
        completed_at: s.completed_at,
        redaction: s.redacted_at ? { status: 'redacted', redacted_at: s.redacted_at } : null,
        provider_result: s.provider_result,
      };
      if (include.has('verified_outputs')) {
        view.verified_outputs = s.pii_sealed ? (pii.open(s.pii_sealed, s.id) as HostSession['verified_outputs']) : null;
      }
      if (include.has('sensitive_outputs') || include.has('images')) {
        // Read live from the provider and passed through: sensitive fields are never stored here.
        const attempt = s.status === 'verified' && !s.redacted_at ? (await store.attemptsOf(s.id)).find((a) => a.status === 'succeeded') : undefined;
        const adapter = attempt ? providers.get(attempt.provider_key) : undefined;
        const results = attempt && adapter?.results
          ? await adapter.results({ session: s, attempt, remoteIp: null }, { sensitive: include.has('sensitive_outputs'), images: include.has('images') })
          : {};
        if (include.has('sensitive_outputs')) view.sensitive_outputs = results.sensitive ?? null;
        if (include.has('images')) view.images = results.images ?? [];
        await store.audit({ session_id: s.id, actor: 'host', action: 'results.read', detail: { sensitive: include.has('sensitive_outputs'), images: include.has('images') } });
      }
      return view;
    },

    /** Erases personal data at every provider the session reached, then our own copy. */
    async redact(session: SessionRecord): Promise<void> {
      if (session.redacted_at) return;
      for (const attempt of await store.attemptsOf(session.id)) {
        const adapter = providers.get(attempt.provider_key);
        if (adapter?.redact && attempt.status !== 'superseded') await adapter.redact({ session, attempt, remoteIp: null });
      }
      await store.transaction(async (tx) => {
        if (!isFinalStatus(session.status)) {
          await tx.updateSession(session.id, { status: 'canceled', completed_at: nowIso() }, [session.status]);
          for (const a of await tx.openAttempts(session.id)) await tx.moveAttempt(a.id, ['pending', 'submitted'], 'canceled');
        }
        await tx.updateSession(session.id, { pii_sealed: null, person_sealed: null, redacted_at: nowIso() });
        await tx.eraseConsentEvidence(session.id);
        await tx.audit({ session_id: session.id, actor: 'host', action: 'session.redacted' });
      });
    },

    async widgetView(session: SessionRecord): Promise<WidgetSession> {
      const s = await fresh(session);
      const [claims, consents, open] = await Promise.all([store.listClaims(s.id), store.listConsents(s.id), store.openAttempts(s.id)]);
      const active = isFinalStatus(s.status) ? undefined : open.find((a) => a.status === 'pending' && isLive(a));
      return {
        id: s.id,
        status: s.status,
        locale: s.locale,
        requirements: { layer: s.requirements.layer, min_assurance: s.requirements.min_assurance },
        allowed_countries: s.requirements.allowed_countries,
        country_of_residence: s.country_of_residence,
        consents: consents.map((c) => ({ notice: c.notice as ConsentNotice, version: c.version, decision: c.decision as ConsentDecision })),
        active_attempt: active ? activeView(active) : null,
        claims: claims.map(publicClaim),
        last_error: lastError(s),
        expires_at: s.expires_at,
      };
    },

    result,

    async catalogue(session: SessionRecord, country: string | null): Promise<ProviderCatalogueEntry[]> {
      return available(session, country ?? session.country_of_residence, await store.listConsents(session.id));
    },

    async recordConsent(session: SessionRecord, input: ConsentRequest, client: { ip: string | null; userAgent: string | null }) {
      const s = await requireOpen(session);
      return store.transaction(async (tx) => {
        const row = await tx.recordConsent({
          session_id: s.id,
          notice: input.notice,
          version: input.version,
          text: input.text,
          text_sha256: sha256Hex(input.text),
          locale: input.locale,
          decision: input.decision,
          ip: client.ip,
          user_agent: client.userAgent?.slice(0, 512) ?? null,
        });
        await tx.audit({ session_id: s.id, actor: 'person', action: 'consent.recorded', detail: { notice: input.notice, version: input.version, decision: input.decision } });
        const cancel = async (reason: string) => {
          await tx.updateSession(s.id, { status: 'canceled', last_error_code: 'consent_declined', last_error_reason: reason, completed_at: nowIso() }, [s.status]);
          for (const attempt of await tx.openAttempts(s.id)) await tx.moveAttempt(attempt.id, ['pending', 'submitted'], 'canceled');
        };
        if (input.notice === 'privacy_notice' && input.decision === 'declined') await cancel('The person declined the privacy notice.');
        if (input.notice !== 'privacy_notice' && input.decision === 'declined') {
          // A provider needing the declined notice is not started (nothing is created there) and
          // not offered again; the person ends here only when no other way is left.
          for (const attempt of await tx.openAttempts(s.id)) {
            const adapter = providers.get(attempt.provider_key);
            if (adapter && noticesFor(adapter, s.requirements, s.country_of_residence).includes(input.notice)) {
              await tx.moveAttempt(attempt.id, ['pending'], 'superseded');
            }
          }
          if (s.country_of_residence && available(s, s.country_of_residence, await tx.listConsents(s.id)).length === 0) {
            await cancel('The person declined a notice that every provider left for them requires.');
          }
        }
        const status = (await tx.getSession(s.id))!.status;
        return { row, status };
      });
    },

    async setResidence(session: SessionRecord, country: string): Promise<void> {
      const s = await requireOpen(session);
      await store.transaction(async (tx) => {
        await tx.updateSession(s.id, { country_of_residence: country });
        // A new country can change which providers and notices apply: earlier attempts end.
        if (s.country_of_residence !== country) {
          for (const a of await tx.openAttempts(s.id)) await tx.moveAttempt(a.id, ['pending'], 'superseded');
        }
        await tx.audit({ session_id: s.id, actor: 'person', action: 'residence.set' });
      });
    },

    async initiate(
      session: SessionRecord,
      providerKey: ProviderKey,
      requestedClaims: ClaimType[],
      returnUrl: string | null = null,
      hostOrigin: string | null = null,
    ): Promise<ActiveAttempt> {
      const s = await requireOpen(session);
      const consents = await store.listConsents(s.id);
      const privacy = consents.filter((c) => c.notice === 'privacy_notice').at(-1);
      if (privacy?.decision !== 'accepted') throw new ApiError('consent_required', 'The person has not accepted the privacy notice.');
      if (!s.country_of_residence) throw new ApiError('residence_required');
      const adapter = adapterFor(providerKey);
      if (!providersFor(providers, s.requirements, s.country_of_residence).includes(adapter)) {
        throw new ApiError('provider_not_available', `"${providerKey}" does not meet this session's requirements for a resident of ${s.country_of_residence}.`);
      }
      const unsupported = requestedClaims.filter((c) => !adapter.description.claim_types.includes(c));
      if (unsupported.length) {
        throw new ApiError('validation_failed', undefined, {
          issues: [{ path: 'body.requested_claims', message: `${providerKey} cannot issue: ${unsupported.join(', ')}.` }],
        });
      }
      const acceptedNotices = await requireNotices(s, adapter, consents);
      for (const open of await store.openAttempts(s.id)) {
        if (open.provider_key === providerKey && open.status === 'pending' && isLive(open)) {
          throw new ApiError('active_session_exists', undefined, { session_ref: open.session_ref });
        }
        if (open.provider_key === providerKey && open.status === 'submitted') {
          throw new ApiError('active_session_exists', 'A verification with this provider is being checked.', { session_ref: open.session_ref });
        }
        await store.moveAttempt(open.id, ['pending'], 'superseded');
      }
      const attemptId = newId('iva');
      const started = await adapter.initiate({
        session: s,
        attemptId,
        requestedClaims,
        returnUrl: returnUrl ?? s.return_url,
        person: personOf(s),
        acceptedNotices,
        hostOrigin,
      });
      return store.transaction(async (tx) => {
        const attempt = await tx.createAttempt({
          id: attemptId,
          session_id: s.id,
          provider_key: providerKey,
          session_ref: started.sessionRef,
          client: started.client,
          private_data: started.privateData,
          expires_at: started.expiresAt.toISOString(),
        });
        // A new attempt starts clean: an earlier provider's failure reason no longer applies.
        await tx.updateSession(s.id, { provider_key: providerKey, last_error_code: null, last_error_reason: null });
        await tx.audit({ session_id: s.id, actor: 'person', action: 'attempt.initiated', detail: { attempt_id: attempt.id, provider_key: providerKey } });
        return activeView(attempt);
      });
    },

    /**
     * One image of our own capture, streamed on to the provider of a pending attempt. The notices
     * the provider needs are checked before a byte is read: no image reaches it without them.
     */
    async upload(
      session: SessionRecord,
      target: { providerKey: ProviderKey; sessionRef: string; side: CaptureSide; documentType: CaptureDocumentType | null },
      request: Request,
      remoteIp: string | null,
    ): Promise<UploadResponse> {
      const s = await requireOpen(session);
      const adapter = adapterFor(target.providerKey);
      const attempt = await store.findAttempt(s.id, target.providerKey, target.sessionRef);
      if (!attempt || attempt.status !== 'pending' || !isLive(attempt)) throw new ApiError('no_pending_session');
      if (attempt.client.flow !== 'native_capture' || !adapter.upload || !adapter.uploadLimits) {
        throw new ApiError('validation_failed', undefined, { issues: [{ path: 'query.provider_key', message: 'This verification takes no uploads: its provider captures the images itself.' }] });
      }
      await requireNotices(s, adapter);
      const image = await openImageStream(request, adapter.uploadLimits[target.side]);
      await adapter.upload({ session: s, attempt, remoteIp }, { side: target.side, documentType: target.documentType, image });
      // The size and the side only: never a byte of the image.
      await store.audit({ session_id: s.id, actor: 'person', action: 'image.uploaded', detail: { attempt_id: attempt.id, side: target.side, bytes: image.length } });
      return { side: target.side, bytes: image.length, received_at: nowIso() };
    },

    /** New client credentials for an open attempt whose old ones expired (an Onfido SDK token). */
    async refresh(session: SessionRecord, providerKey: ProviderKey, sessionRef: string): Promise<ActiveAttempt> {
      const s = await requireOpen(session);
      const adapter = adapterFor(providerKey);
      if (!adapter.refreshClient) {
        throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.provider_key', message: `${providerKey} has no credentials to refresh.` }] });
      }
      const attempt = await store.findAttempt(s.id, providerKey, sessionRef);
      if (!attempt || attempt.status !== 'pending' || !isLive(attempt)) throw new ApiError('no_pending_session');
      await requireNotices(s, adapter);
      const client = await adapter.refreshClient({ session: s, attempt, remoteIp: null });
      await store.refreshAttemptClient(attempt.id, client);
      await store.audit({ session_id: s.id, actor: 'person', action: 'attempt.refreshed', detail: { attempt_id: attempt.id, provider_key: providerKey } });
      return activeView({ ...attempt, client });
    },

    async pending(session: SessionRecord): Promise<PendingVerification[]> {
      const s = await fresh(session);
      if (isFinalStatus(s.status)) return [];
      return (await store.openAttempts(s.id)).filter(isLive).map(pendingView);
    },

    async verifyToken(session: SessionRecord, providerKey: ProviderKey, sessionRef: string, token: string, remoteIp: string | null): Promise<VerificationResult> {
      const s = await requireOpen(session);
      const adapter = adapterFor(providerKey);
      if (!adapter.verifyToken) {
        throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.provider_key', message: `${providerKey} does not complete with a token.` }] });
      }
      const attempt = await store.findAttempt(s.id, providerKey, sessionRef);
      if (!attempt || attempt.status !== 'pending') throw new ApiError('no_pending_session');
      if (!isLive(attempt)) {
        await applyOutcome(s, attempt, { status: 'requires_input', error: { code: 'token_expired', reason: 'The check expired.' } }, 'system');
        throw new ApiError('token_expired');
      }
      // Claim the attempt first, so two concurrent submissions cannot both reach the provider.
      if (!(await store.moveAttempt(attempt.id, ['pending'], 'submitted'))) throw new ApiError('no_pending_session');
      let outcome: Outcome;
      try {
        outcome = await adapter.verifyToken({ session: s, attempt, remoteIp }, token);
      } catch (error) {
        // The provider failed, not the person: reopen the attempt so the same token can be retried.
        await store.moveAttempt(attempt.id, ['submitted'], 'pending');
        throw error;
      }
      await applyOutcome(s, attempt, outcome, 'provider');
      const now = await result(s.id);
      if ('httpError' in outcome && outcome.httpError) {
        throw new ApiError(outcome.httpError, outcome.error.reason, { session_status: now.status, last_error: now.last_error });
      }
      return now;
    },

    async retrieve(session: SessionRecord, providerKey: ProviderKey, sessionRef: string | null): Promise<VerificationResult> {
      const s = await fresh(session);
      // A webhook may have finished the session first: the widget asking again gets the result.
      if (isFinalStatus(s.status)) return result(s.id);
      const adapter = adapterFor(providerKey);
      const open = (await store.openAttempts(s.id)).filter((a) => a.provider_key === providerKey && (sessionRef === null || a.session_ref === sessionRef));
      if (sessionRef !== null && open.length === 0) throw new ApiError('no_pending_session');
      if (!adapter.retrieve) {
        if (sessionRef === null) return result(s.id); // sync: nothing held at the provider
        throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.provider_key', message: `${providerKey} completes through /v1/identity/verify/token.` }] });
      }
      // Completing (a session_ref named) is when a provider that decides on request is asked to.
      const submit = sessionRef !== null && adapter.submit ? adapter.submit.bind(adapter) : null;
      if (submit && open.length) await requireNotices(s, adapter);
      let rejected = false;
      for (const attempt of open) {
        const ctx = { session: s, attempt, remoteIp: null };
        const outcome = submit ? await submit(ctx) : await adapter.retrieve(ctx);
        await applyOutcome(s, attempt, outcome, 'provider');
        rejected ||= outcome.status === 'rejected';
      }
      const now = await result(s.id);
      if (sessionRef !== null && rejected) throw new ApiError('provider_rejected', undefined, { session_status: now.status, last_error: now.last_error });
      return now;
    },

    /**
     * A provider told us something changed. We never act on the event's body: we find the
     * attempt, ask the provider for its current state and apply that, so duplicates and
     * out-of-order deliveries converge on the same result.
     */
    async onProviderEvent(providerKey: ProviderKey, event: VerifiedWebhook) {
      const adapter = adapterFor(providerKey);
      if (await store.hasProviderEvent(providerKey, event.eventId)) return { duplicate: true };
      const ref = event.sessionRef ?? (await event.resolveRef?.()) ?? null;
      const attempt = ref ? await store.findAttemptByRef(providerKey, ref) : null;
      const session = attempt ? await store.getSession(attempt.session_id) : null;
      if (attempt && session && adapter.retrieve && ['pending', 'submitted'].includes(attempt.status) && !isFinalStatus(session.status)) {
        const outcome = await adapter.retrieve({ session, attempt, remoteIp: null });
        await applyOutcome(session, attempt, outcome, 'provider');
      }
      // Recorded only once handled: if the provider call failed, the provider's retry gets through.
      await store.recordProviderEvent(providerKey, event.eventId, event.type);
      return { duplicate: false };
    },

    async cancel(session: SessionRecord): Promise<void> {
      const s = await requireOpen(session);
      await store.transaction(async (tx) => {
        await tx.updateSession(s.id, { status: 'canceled', completed_at: nowIso() }, [s.status]);
        for (const a of await tx.openAttempts(s.id)) await tx.moveAttempt(a.id, ['pending', 'submitted'], 'canceled');
        await tx.audit({ session_id: s.id, actor: 'host', action: 'session.canceled' });
      });
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
