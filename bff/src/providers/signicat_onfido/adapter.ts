// Signicat Assure with Onfido as its provider: a dossier and an Onfido process per attempt, the
// images either from our own capture, each streamed through the BFF to the process (seed 001, use
// case 1), or from Onfido's Web SDK run with the process's authorization (use case 2, and the only
// way to a video check); verification started once when the widget completes, and the outcome
// always read back from Assure, never taken from the browser or an event body.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { faceCheckOf, type FaceCheck } from '@identity-verify/contract/vocabulary';
import { CAPTURE_DOCUMENT_TYPES, type NativeCaptureClient, type OnfidoClient, type Requirements } from '@identity-verify/contract/schemas';
import type { SignicatConfig } from './module.js';
import { ApiError, ProviderError } from '../../errors.js';
import { sha256Hex } from '../../security/tokens.js';
import type { SessionRecord } from '../../store/store.js';
import { captureModeFor } from '../capture-mode.js';
import { captureLimits, countryOfResidence } from '../onfido/adapter.js';
import { ONFIDO_NOTICES, privacyNoticesRead, requiredNotices } from '../onfido/notices.js';
import { ONFIDO_UPLOAD_LIMITS } from '../onfido/upload.js';
import { createAssureClient, PROVIDER } from './client.js';
import { DossierSchema, outcomeOfProcess, ProcessSchema, sensitiveOf, type ProcessIds } from './outcome.js';
import type { AdapterDeps, AttemptContext, CaptureSide, Outcome, ProviderAdapter } from '../types.js';
import { signicatIdentityProfile } from './identity-profile.js';

/**
 * Assure's own image limits are unpublished; Onfido's apply once Assure forwards an image
 * (documents 2 KB–3 MB, selfies 32 KB–10 MB), so they are ours too.
 */
export const SIGNICAT_UPLOAD_LIMITS = ONFIDO_UPLOAD_LIMITS;
/** [U] Not in any source we could read: the emulator's header, an HMAC-SHA256 of the raw body in lowercase hex. */
export const SIGNICAT_SIGNATURE_HEADER = 'x-signicat-signature';
/** [U] "Process complete" is the one Assure event that matters here; the docs excerpt spells it process.complete(d). */
const PROCESS_COMPLETED = 'process.completed';

/** Assure's process type and the Onfido SDK's face step for each face check; Assure has no motion process. */
const PROCESS_TYPE: Partial<Record<FaceCheck, { processType: 'document' | 'documentSelfie' | 'documentVideo'; sdkFace: OnfidoClient['face'] }>> = {
  none: { processType: 'document', sdkFace: null },
  photo: { processType: 'documentSelfie', sdkFace: 'standard' },
  video: { processType: 'documentVideo', sdkFace: 'video' },
};
const IMAGE_TYPE: Record<CaptureSide, 'FRONT' | 'BACK' | 'SELFIE'> = { document_front: 'FRONT', document_back: 'BACK', selfie: 'SELFIE' };

/** In use case 2 the create answer's `authorization` is the Onfido SDK token for this process [seed 001]. */
const CreatedProcessSchema = z.object({ processId: z.string().min(1), authorization: z.string().min(1).optional() });
const EnvelopeSchema = z.object({
  id: z.string().min(1).max(200),
  eventName: z.string().min(1).max(200),
  eventData: z.object({ processId: z.string().min(1).max(200).optional(), externalReference: z.string().optional() }).optional(),
});

/** Constant-time check of the hex HMAC-SHA256 of the raw body, as Assure signs it (either case accepted). */
export function verifySignicatSignature(rawBody: string, signature: string | null, secret: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex'));
  const given = Buffer.from(signature.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createSignicatAdapter(config: SignicatConfig, deps: AdapterDeps): ProviderAdapter {
  const assure = createAssureClient(config, deps);
  /** Completes in flight on this replica, per process: two clicks start one verification. */
  const submitting = new Map<string, Promise<Outcome>>();

  const idsOf = ({ attempt }: AttemptContext): ProcessIds => ({
    dossierId: attempt.private_data.dossier_id ?? '',
    processId: attempt.private_data.process_id ?? attempt.session_ref,
  });
  const dossierPath = (dossierId: string) => `/assure/dossiers/${encodeURIComponent(dossierId)}`;
  const processPath = ({ dossierId, processId }: ProcessIds) => `${dossierPath(dossierId)}/processes/${encodeURIComponent(processId)}`;

  const readProcess = (ids: ProcessIds) => assure.json(ProcessSchema, { method: 'GET', path: processPath(ids), retry: true });
  const retrieve = async (ctx: AttemptContext) => outcomeOfProcess(idsOf(ctx), await readProcess(idsOf(ctx)));

  const capturesNatively = (requirements: Requirements) => captureModeFor(requirements, config.capture) === 'native';

  const nativeClient = (session: SessionRecord): NativeCaptureClient => ({
    provider_key: 'signicat_onfido',
    flow: 'native_capture',
    document_types: [...CAPTURE_DOCUMENT_TYPES],
    selfie: faceCheckOf(session.requirements) === 'photo',
    ...captureLimits(SIGNICAT_UPLOAD_LIMITS),
    min_long_edge: 1600,
  });

  async function startOnce(ctx: AttemptContext): Promise<Outcome> {
    const ids = idsOf(ctx);
    const current = await readProcess(ids);
    // Started already (a second complete, another replica, or the first try's answer lost): only read.
    if (current.status !== 'pending') return outcomeOfProcess(ids, current);
    const call = { method: 'POST', path: `${processPath(ids)}/verify` } as const;
    const response = await assure.send(call);
    // 409: no longer pending, because someone started it between our read and our start.
    // 400 (Assure's client problem): it will not start as the process stands, which before a
    // decision means images missing (location and US consent are checked before we get here):
    // the person's next step, not a provider failure. Assure's wording stays out.
    if (response.status === 400) {
      void response.body?.cancel();
      throw new ApiError('validation_failed', 'Every image this verification asks for must be uploaded before it is completed.', {
        issues: [{ path: 'body.session_ref', message: 'Images are missing.' }],
      });
    }
    if (!response.ok && response.status !== 409) throw assure.refused(call, response);
    await response.body?.cancel();
    // Read back rather than trusting the start answer: Assure may have decided meanwhile.
    return outcomeOfProcess(ids, await readProcess(ids));
  }

  return {
    key: 'signicat_onfido',
    // Our capture takes a selfie photo; a video check (documentVideo) runs in Onfido's SDK.
    faceChecks: ['none', 'photo', 'video'],
    description: {
      name: 'Signicat Assure (Onfido)',
      supported_layers: ['identity'],
      claim_types: ['verified_identity'],
      assurance_level: 'high',
      coverage: 'global',
      flow: config.capture === 'native' ? 'native_capture' : 'embedded_sdk',
    },
    flowFor: (requirements) => (capturesNatively(requirements) ? 'native_capture' : 'embedded_sdk'),

    // Onfido's policies, whether Onfido is reached directly or through Assure.
    requiredNotices,
    notices: ONFIDO_NOTICES,

    // No findStarted, by the API's limit (issue 15). A dossier is created with an empty body (the
    // only body any source shows: Signicat's integration flows and third-party callers); no source
    // documents a field of ours on a dossier or a process (no tags, metadata or reference we set:
    // the events' externalReference is the dossierId itself), and GET /assure/dossiers lists every
    // dossier of the account with nothing to filter by. So the dossier of a request that died
    // after Assure answered cannot be told from another attempt's, and nothing is searched for.
    //
    // What such an orphan holds is bounded here instead: nothing of the person is sent until the
    // attempt is ours (no name ever; images only by upload, or by the Onfido SDK with the
    // authorization that went out only in the lost answer). It is an empty dossier with a pending
    // Onfido process holding the country of residence and, where given, the privacy consent
    // (and, at Assure's Onfido account, an applicant under Assure's own placeholder names). It
    // stays until Assure deletes it after the retention of Signicat's privacy statement. An
    // operator can end it: the audit entry attempt.intent_swept with found_at_provider false gives
    // the time; in GET /assure/dossiers, a dossier created within the provider timeout after it,
    // whose dossierId is no attempt's private_data.dossier_id, is the orphan:
    // DELETE /assure/dossiers/{dossierId}.
    async initiate({ session, acceptedNotices }) {
      // The service checks this too; an adapter that can start biometric capture refuses on its own.
      const needed = requiredNotices(session.requirements, session.country_of_residence ?? '');
      if (needed.some((n) => !acceptedNotices.includes(n))) {
        throw new ApiError('biometric_consent_required', undefined, { notices: needed, provider_key: 'signicat_onfido' });
      }
      const kind = PROCESS_TYPE[faceCheckOf(session.requirements)];
      if (!kind) throw new ApiError('provider_not_available', 'Signicat Assure takes no motion capture.');
      const native = capturesNatively(session.requirements);
      const countryOfResidenceIso3 = countryOfResidence(session.country_of_residence);
      const { dossierId } = await assure.json(DossierSchema, { method: 'POST', path: '/assure/dossiers', body: {} });
      let processId: string;
      let authorization: string | undefined;
      try {
        // No documentType: the person chooses the document after this, and Assure takes it only
        // when a process is created (Onfido classifies the document from the image instead).
        ({ processId, authorization } = await assure.json(CreatedProcessSchema, {
          method: 'POST',
          path: `${dossierPath(dossierId)}/processes`,
          body: {
            provider: 'onfido',
            processType: kind.processType,
            processParameters: {
              location: { countryOfResidence: countryOfResidenceIso3 },
              ...(privacyNoticesRead(acceptedNotices) ? { consents: { privacy: true } } : {}),
            },
          },
        }));
        if (!native && !authorization) throw new ProviderError('provider_error', PROVIDER, 'Assure answered no authorization for the Onfido SDK.');
      } catch (error) {
        // No attempt will name this dossier: do not leave it at Assure for nothing.
        await assure.done({ method: 'DELETE', path: dossierPath(dossierId), retry: true }).catch(() => undefined);
        throw error;
      }
      const sdkClient = (sdkToken: string): OnfidoClient => ({
        provider_key: 'signicat_onfido',
        flow: 'embedded_sdk',
        sdk_token: sdkToken,
        sdk_url: config.onfidoSdkUrl,
        face: kind.sdkFace,
        workflow_run_id: null,
      });
      return {
        sessionRef: processId,
        client: !native && authorization ? sdkClient(authorization) : nativeClient(session),
        privateData: { dossier_id: dossierId, process_id: processId },
        expiresAt: new Date(session.expires_at),
      };
    },

    uploadLimits: SIGNICAT_UPLOAD_LIMITS,

    async upload(ctx, { side, image }) {
      // A selfie a document-only process would never compare is biometric data sent for nothing.
      if (side === 'selfie' && faceCheckOf(ctx.session.requirements) !== 'photo') {
        await image.body.cancel().catch(() => undefined);
        throw new ApiError('validation_failed', 'This verification takes no selfie.', { issues: [{ path: 'query.side', message: 'No selfie for this verification.' }] });
      }
      const response = await assure.upload(`${processPath(idsOf(ctx))}/files/${IMAGE_TYPE[side]}`, image);
      await response.body?.cancel();
      if (response.ok) return;
      // The process was started meanwhile: it takes no more images.
      if (response.status === 409) throw new ApiError('no_pending_session', 'This verification was already submitted; it takes no more images.');
      // Assure (or Onfido behind it) refused the picture itself: the person can take another. Its wording stays out.
      if ([400, 413, 415, 422].includes(response.status)) throw new ApiError('image_rejected');
      throw new ProviderError('provider_error', PROVIDER, `Signicat answered ${response.status} to an image.`);
    },

    async submit(ctx) {
      const { processId } = idsOf(ctx);
      const inflight = submitting.get(processId);
      if (inflight) return inflight;
      const started = startOnce(ctx).finally(() => submitting.delete(processId));
      submitting.set(processId, started);
      return started;
    },

    retrieve,

    async results(ctx, want) {
      return {
        ...(want.sensitive ? { sensitive: sensitiveOf(await readProcess(idsOf(ctx))) } : {}),
        // Assure's Get image answers the bytes to our access token, with no expiring link to hand
        // on; proxying them would make the BFF hold the person's images, so none are offered.
        ...(want.images ? { images: [] } : {}),
      };
    },

    async identityProfile(ctx) {
      // Read live: finalResult (the date of birth among it) is never stored.
      const ids = idsOf(ctx);
      const process = await readProcess(ids);
      // Verified here means accepted at Assure; anything else is not what was verified.
      if (process.status !== 'accepted') {
        throw new ProviderError('provider_error', PROVIDER, 'Assure holds no accepted process for this attempt.', { operation: 'get_process' });
      }
      return signicatIdentityProfile(ctx, ids, process);
    },

    async redact(ctx) {
      // Deleting the dossier deletes its processes, their images and results; gone already is fine.
      await assure.done({ method: 'DELETE', path: dossierPath(idsOf(ctx).dossierId), retry: true });
    },

    async abandon(ctx) {
      // A dossier and its pending process are deleted whole: nothing stays waiting at Assure.
      await this.redact!(ctx);
    },

    routes(r) {
      // Configured webhook URLs at the provider keep working at the paths they were given.
      r.webhook({ summary: "Signicat Assure's signed event", aliases: ['/v1/webhooks/signicat'] }, async (rawBody, headers) => {
        if (!verifySignicatSignature(rawBody, headers.get(SIGNICAT_SIGNATURE_HEADER), config.eventSecret.reveal())) {
          throw new ApiError('webhook_signature_invalid');
        }
        let envelope: unknown;
        try {
          envelope = JSON.parse(rawBody);
        } catch {
          envelope = null;
        }
        const parsed = EnvelopeSchema.safeParse(envelope);
        // Signed but not an envelope we know: acknowledged, and deduplicated by its hash.
        if (!parsed.success) return { eventId: sha256Hex(rawBody), type: 'unknown', sessionRef: null };
        const { id, eventName, eventData } = parsed.data;
        // The process id is our session_ref; the body's status is not trusted, the process is read again.
        const sessionRef = eventName === PROCESS_COMPLETED ? (eventData?.processId ?? null) : null;
        return { eventId: id, type: eventName, sessionRef };
      });
    },
  };
}
