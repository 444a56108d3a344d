// The attempt lifecycle: start one at a provider, feed it (uploads, fresh credentials, a token),
// follow it (sync) and finish it (complete).
import { faceCheckOf, isFinalStatus, type ClaimType, type ProviderKey } from '@identity-verify/contract/vocabulary';
import type { ActiveAttempt, LiveState, ProviderClient, UploadResponse, VerificationResult } from '@identity-verify/contract/schemas';
import { ApiError } from '../errors.js';
import { providersFor } from '../providers/registry.js';
import type { AttemptContext, CaptureDocumentType, CaptureSide, Outcome } from '../providers/types.js';
import { newId } from '../security/tokens.js';
import { INTENT_REF_PREFIX, reachedProvider } from '../store/schema.js';
import { isUniqueViolation, type AttemptRecord, type SessionRecord } from '../store/store.js';
import { openImageStream } from '../uploads/image-stream.js';
import { crashPoint } from '../resilience/crash-point.js';
import { capReached, InFlight, SESSION_CAPS } from './caps.js';
import { activeView, type Core } from './core.js';
import type { ConsentPolicy } from './consent.js';
import type { Outcomes } from './outcomes.js';
import type { Live } from './live.js';

const refusal = (path: string, message: string) => ({ path, message });

export function createAttempts(core: Core, { requireNotices }: ConsentPolicy, { applyOutcome }: Outcomes, { liveState }: Live) {
  const { store, providers, signals, jobs, log, nowIso, isLive, fresh, requireOpen, adapterFor, openAttempt, result, personOf, abandonAtProviders, endAttempt } = core;
  const uploads = new InFlight(SESSION_CAPS.concurrentUploads);

  /**
   * Writes the attempt's intent, ending the session's other unstarted attempts, in one
   * transaction. Refused when this provider already has an open attempt: a live pending one, one
   * being checked, or one being started by another request. Answers the attempts it ended.
   */
  async function openIntent(s: SessionRecord, providerKey: ProviderKey, attemptId: string): Promise<AttemptRecord[]> {
    try {
      return await store.transaction(async (tx) => {
        await tx.lockSession(s.id);
        if ((await tx.countOf('attempts', s.id)) >= SESSION_CAPS.attempts) throw capReached('attempts');
        const superseded: AttemptRecord[] = [];
        for (const open of await tx.openAttempts(s.id)) {
          if (open.provider_key === providerKey && open.status === 'pending' && isLive(open)) {
            throw new ApiError('active_session_exists', undefined, { session_ref: open.session_ref });
          }
          if (open.provider_key === providerKey && open.status !== 'pending') {
            throw new ApiError('active_session_exists', open.status === 'starting' ? 'A verification with this provider is being started.' : 'A verification with this provider is being checked.');
          }
          // Another way being started or left open: the person's latest choice wins.
          if (await endAttempt(tx, s.id, open, ['pending', 'starting'], 'superseded')) superseded.push(open);
        }
        const intent = { id: attemptId, session_id: s.id, provider_key: providerKey, session_ref: `${INTENT_REF_PREFIX}${attemptId}`, client: {} as ProviderClient, private_data: {}, status: 'starting' as const };
        await tx.createAttempt({ ...intent, expires_at: s.expires_at });
        return superseded;
      });
    } catch (error) {
      // Another request wrote its intent between our read and our write.
      if (isUniqueViolation(error)) throw new ApiError('active_session_exists', 'A verification with this provider is being started.');
      throw error;
    }
  }

  async function initiate(
    session: SessionRecord,
    providerKey: ProviderKey,
    requestedClaims: ClaimType[],
    returnUrl: string | null = null,
    hostOrigin: string | null = null,
    remoteIp: string | null = null,
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
      throw new ApiError('validation_failed', undefined, { issues: [refusal('body.requested_claims', `${providerKey} cannot issue: ${unsupported.join(', ')}.`)] });
    }
    const acceptedNotices = await requireNotices(s, adapter, consents);
    // The intent first: written before the provider is called, so a second click or replica
    // finds it (the unique index lets one open attempt per session and provider exist).
    const attemptId = newId('iva');
    const superseded = await openIntent(s, providerKey, attemptId);
    let started: Awaited<ReturnType<typeof adapter.initiate>>;
    try {
      started = await adapter.initiate({
        session: s,
        attemptId,
        requestedClaims,
        returnUrl: returnUrl ?? s.return_url,
        person: personOf(s),
        acceptedNotices,
        hostOrigin,
        remoteIp,
      });
    } catch (error) {
      await store.dropIntent(attemptId);
      signals.notify(s.id);
      throw error;
    }
    crashPoint('after_provider_call');
    const settled = { session_ref: started.sessionRef, client: started.client, private_data: started.privateData, expires_at: started.expiresAt.toISOString() };
    const active = await store.transaction(async (tx) => {
      await tx.lockSession(s.id);
      // Ended while the provider answered (the person declined, the host cancelled): not opened.
      if (!(await tx.settleAttempt(attemptId, settled))) {
        await tx.queueProviderJob(jobs.fallbackAbandon(s.id, { id: attemptId, provider_key: providerKey }));
        return null;
      }
      // A new attempt starts clean: an earlier provider's failure reason no longer applies.
      await tx.updateSession(s.id, { provider_key: providerKey, last_error_code: null, last_error_reason: null });
      await tx.audit({ session_id: s.id, actor: 'person', action: 'attempt.initiated', detail: { attempt_id: attemptId, provider_key: providerKey } });
      return (await tx.findAttemptById(attemptId))!;
    });
    crashPoint('after_write');
    signals.notify(s.id);
    if (active && adapter.recorded) {
      await adapter.recorded({ session: s, attempt: active, remoteIp: null, person: personOf(s) }).catch((error: unknown) => {
        log({ level: 'warn', msg: 'provider recorded failed', provider_key: providerKey, attempt_id: attemptId, code: error instanceof ApiError ? error.code : 'internal_error' });
      });
    }
    // The person chose another way: the earlier attempt leaves nothing pending at its provider.
    await abandonAtProviders(s, superseded);
    if (!active) {
      // Ended while the provider answered (another choice, a decline, a cancel): what the
      // provider just created belongs to no open attempt, so it is ended there too.
      const ended = await store.findAttemptById(attemptId);
      if (ended) await abandonAtProviders(s, [ended]);
      const now = await store.getSession(s.id);
      if (now && isFinalStatus(now.status)) throw new ApiError('session_closed', `The session is ${now.status} and takes no more input.`);
      throw new ApiError('no_pending_session', 'Another way to verify was chosen while this one was starting.');
    }
    return activeView(active);
  }

  /**
   * One image of our own capture, streamed on to the provider of a pending attempt. The notices
   * the provider needs are checked before a byte is read: no image reaches it without them.
   */
  async function upload(
    session: SessionRecord,
    target: { providerKey: ProviderKey; sessionRef: string; side: CaptureSide; documentType: CaptureDocumentType | null },
    request: Request,
    remoteIp: string | null,
  ): Promise<UploadResponse> {
    const s = await requireOpen(session);
    const notCaptured = refusal('query.provider_key', 'This verification takes no uploads: its provider captures the images itself.');
    const { adapter, attempt } = await openAttempt(s, target.providerKey, target.sessionRef, { needs: 'upload', refusal: notCaptured });
    if (attempt.client.flow !== 'native_capture' || !adapter.upload || !adapter.uploadLimits) {
      throw new ApiError('validation_failed', undefined, { issues: [notCaptured] });
    }
    // A selfie is biometric data: taken only when the session asks for a face check, whatever the provider.
    if (target.side === 'selfie' && faceCheckOf(s.requirements) === 'none') {
      throw new ApiError('validation_failed', undefined, { issues: [{ path: 'query.side', message: 'This verification asks for no face check: no selfie is taken.' }] });
    }
    await requireNotices(s, adapter);
    const image = await uploads.run(s.id, () => capReached('concurrentUploads'), async () => {
      const stream = await openImageStream(request, adapter.uploadLimits![target.side]);
      await adapter.upload!({ session: s, attempt, remoteIp }, { side: target.side, documentType: target.documentType, image: stream });
      return stream;
    });
    // The size and the side only: never a byte of the image.
    await store.audit({ session_id: s.id, actor: 'person', action: 'image.uploaded', detail: { attempt_id: attempt.id, side: target.side, bytes: image.length } });
    return { side: target.side, bytes: image.length, received_at: nowIso() };
  }

  /** New client credentials for an open attempt whose old ones expired (an Onfido SDK token). */
  async function refresh(session: SessionRecord, providerKey: ProviderKey, sessionRef: string, remoteIp: string | null = null): Promise<ActiveAttempt> {
    const s = await requireOpen(session);
    const { adapter, attempt } = await openAttempt(s, providerKey, sessionRef, {
      needs: 'refreshClient',
      refusal: refusal('body.provider_key', `${providerKey} has no credentials to refresh.`),
    });
    await requireNotices(s, adapter);
    const refreshed = await adapter.refreshClient!({ session: s, attempt, remoteIp });
    const client = 'client' in refreshed ? refreshed.client : refreshed;
    await store.transaction(async (tx) => {
      await tx.lockSession(s.id);
      await tx.refreshAttemptClient(attempt.id, client);
      if ('privateData' in refreshed) {
        await tx.addAttemptPrivateData(attempt, refreshed.privateData);
        // A new try starts clean, as a new attempt does: the last one's failure no longer applies.
        await tx.updateSession(s.id, { last_error_code: null, last_error_reason: null }, ['requires_input']);
      }
      await tx.audit({ session_id: s.id, actor: 'person', action: 'attempt.refreshed', detail: { attempt_id: attempt.id, provider_key: providerKey } });
    });
    signals.notify(s.id);
    return activeView({ ...attempt, client });
  }

  async function verifyToken(session: SessionRecord, providerKey: ProviderKey, sessionRef: string, token: string, remoteIp: string | null): Promise<VerificationResult> {
    const s = await requireOpen(session);
    const { adapter, attempt } = await openAttempt(
      s,
      providerKey,
      sessionRef,
      { needs: 'verifyToken', refusal: refusal('body.provider_key', `${providerKey} does not complete with a token.`) },
      { expired: 'return' },
    );
    if (!isLive(attempt)) {
      await applyOutcome(s, attempt, { status: 'requires_input', error: { code: 'token_expired', reason: 'The check expired.' } }, 'system');
      throw new ApiError('token_expired');
    }
    // Claim the attempt first, so two concurrent submissions cannot both reach the provider.
    if (!(await store.moveAttempt(attempt.id, ['pending'], 'submitted'))) throw new ApiError('no_pending_session');
    let outcome: Outcome;
    try {
      outcome = await adapter.verifyToken!({ session: s, attempt, remoteIp }, token);
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
  }

  /**
   * Reads the provider's current state of each open attempt there and applies it; nothing is
   * started. Answers what the events stream pushes, for clients that poll.
   */
  async function sync(session: SessionRecord, providerKey: ProviderKey): Promise<LiveState> {
    const s = await fresh(session);
    // A webhook may have finished the session first: the widget asking again gets the result.
    if (isFinalStatus(s.status)) return liveState(s);
    const adapter = adapterFor(providerKey);
    if (adapter.retrieve) {
      for (const attempt of (await store.openAttempts(s.id)).filter((a) => a.provider_key === providerKey && reachedProvider(a))) {
        await applyOutcome(s, attempt, await adapter.retrieve({ session: s, attempt, remoteIp: null }), 'provider');
      }
    }
    return liveState(s);
  }

  /**
   * The person finished in the browser: a provider that decides on request is asked to now
   * (Onfido's check, once), others are read. A rejection answers 422 with the session's state.
   */
  async function complete(session: SessionRecord, providerKey: ProviderKey, sessionRef: string): Promise<VerificationResult> {
    const s = await fresh(session);
    if (isFinalStatus(s.status)) return result(s.id);
    const adapter = adapterFor(providerKey);
    const open = (await store.openAttempts(s.id)).filter((a) => a.provider_key === providerKey && a.session_ref === sessionRef);
    if (open.length === 0) {
      // The provider's webhook, on this replica or another, may have applied the verdict since
      // this request read the session: the person is answered the result, not told nothing is pending.
      const now = await store.getSession(s.id);
      if (now && isFinalStatus(now.status)) return result(s.id);
      throw new ApiError('no_pending_session');
    }
    if (!adapter.retrieve) {
      throw new ApiError('validation_failed', undefined, { issues: [refusal('body.provider_key', `${providerKey} completes through /v1/identity/verify/token.`)] });
    }
    const submit = adapter.submit?.bind(adapter);
    if (submit) await requireNotices(s, adapter);
    let rejected = false;
    for (const attempt of open) {
      const ctx = { session: s, attempt, remoteIp: null, person: submit ? personOf(s) : null };
      const outcome = submit ? await submit(ctx) : await adapter.retrieve(ctx);
      await applyOutcome(s, attempt, outcome, 'provider');
      rejected ||= outcome.status === 'rejected';
    }
    const now = await result(s.id);
    if (rejected) throw new ApiError('provider_rejected', undefined, { session_status: now.status, last_error: now.last_error });
    return now;
  }

  /**
   * The provider sent the person back (a full-page redirect): the attempt is claimed once, so a
   * replayed callback finds nothing, and the provider's verdict read from the callback applied.
   * When no verdict can be read (a callback that does not check out), the attempt is left as it
   * was and the error answered.
   */
  async function finishRedirect(
    providerKey: ProviderKey,
    sessionRef: string,
    handler: { finish(ctx: AttemptContext): Promise<Outcome>; returnUrlOf(attempt: AttemptRecord): string | null },
  ): Promise<{ returnUrl: string | null }> {
    const attempt = await store.findAttemptByRef(providerKey, sessionRef);
    const session = attempt ? await store.getSession(attempt.session_id) : null;
    if (!attempt || !session) throw new ApiError('no_pending_session', 'This sign-in is not one we started, or it was finished already.');
    const s = await fresh(session);
    if (isFinalStatus(s.status) || !isLive(attempt) || !(await store.moveAttempt(attempt.id, ['pending'], 'submitted'))) {
      throw new ApiError('no_pending_session', 'This sign-in is not one we started, or it was finished already.');
    }
    let outcome: Outcome;
    try {
      outcome = await handler.finish({ session: s, attempt, remoteIp: null });
    } catch (error) {
      await store.moveAttempt(attempt.id, ['submitted'], 'pending');
      throw error;
    }
    await applyOutcome(s, attempt, outcome, 'provider');
    return { returnUrl: handler.returnUrlOf(attempt) ?? s.return_url };
  }

  return { initiate, upload, refresh, verifyToken, sync, complete, finishRedirect };
}
