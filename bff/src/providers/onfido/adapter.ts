// Onfido through the official @onfido/api client: an applicant per attempt, the widget runs
// Onfido's Web SDK with a referrer-bound SDK token, the BFF creates the check once the person
// is done (or a Studio workflow run decides), and the outcome is always read back from Onfido,
// never taken from the browser or a webhook body.
import { WebhookEventVerifier, CountryCodes, type ApplicantConsentBuilder, type DefaultApi, type ReportName } from '@onfido/api';
import { alpha2ToAlpha3 } from 'i18n-iso-countries/index.js';
import { z } from 'zod';
import { faceCheckOf, type FaceCheck } from '@identity-verify/contract/vocabulary';
import { CAPTURE_DOCUMENT_TYPES, type NativeCaptureClient, type OnfidoClient, type Person, type Requirements } from '@identity-verify/contract/schemas';
import type { OnfidoConfig } from './module.js';
import { ApiError, ProviderError } from '../../errors.js';
import { sha256Hex } from '../../security/tokens.js';
import type { SessionRecord } from '../../store/store.js';
import { callOnfido, createOnfidoApi, findOnfido } from './client.js';
import { ONFIDO_UPLOAD_LIMITS, uploadToOnfido } from './upload.js';
import { captureModeFor } from '../capture-mode.js';
import { ONFIDO_NOTICES, privacyNoticesRead, requiredNotices } from './notices.js';
import {
  ApplicantSchema,
  ChecksSchema,
  CheckSchema,
  newestCheck,
  outcomeOfCheck,
  outcomeOfWorkflowRun,
  ReportSchema,
  ReportsSchema,
  SdkTokenSchema,
  sensitiveOf,
  WorkflowRunSchema,
  type CheckRead,
} from './outcome.js';
import type { AdapterDeps, AttemptContext, CaptureSide, Outcome, ProviderAdapter } from '../types.js';
import { onfidoIdentityProfile } from './identity-profile.js';

const FACE: Record<FaceCheck, { client: OnfidoClient['face']; report: ReportName | null }> = {
  none: { client: null, report: null },
  photo: { client: 'standard', report: 'facial_similarity_photo' },
  video: { client: 'video', report: 'facial_similarity_video' },
  motion: { client: 'motion', report: 'facial_similarity_motion' },
};

/**
 * The names every applicant is created under: its last name is the attempt's id, so the applicant
 * is found by it if the answer to its creation is lost (findStarted), and an orphan holds no name.
 * The host's names replace them once the attempt is written (recorded), and before any check.
 */
export const placeholderNames = (attemptId: string): Person => ({ first_name: 'Applicant', last_name: attemptId });
/** The tag a Studio workflow run of an attempt carries (1–128 characters, spec workflow_run_builder). */
export const attemptTag = (attemptId: string) => `idv_attempt:${attemptId}`;
/** GET /applicants pages searched for a lost applicant: newest first, stopping at the session's start. */
const APPLICANTS_PAGE = 100;
const APPLICANTS_PAGES = 50;
/** How far Onfido's clock and ours may disagree on when the session started. */
const CLOCK_SKEW_MS = 10 * 60_000;
const ApplicantsListSchema = z.object({
  applicants: z.array(z.object({ id: z.string().min(1), created_at: z.string(), first_name: z.string().nullish(), last_name: z.string().nullish() })),
});
const TaggedRunsSchema = z.array(WorkflowRunSchema.extend({ tags: z.array(z.string()).nullish() }));

const EventSchema = z.object({
  payload: z.object({ resource_type: z.string(), action: z.string(), object: z.object({ id: z.string().min(1) }) }),
});
const Empty = z.unknown();

/** Onfido wants ISO 3166-1 alpha-3; the contract speaks alpha-2. */
export function countryOfResidence(alpha2: string | null): CountryCodes {
  const alpha3 = alpha2 ? alpha2ToAlpha3(alpha2) : undefined;
  const known = Object.values(CountryCodes).find((c) => c === alpha3);
  if (!known) throw new ApiError('residence_required', 'Onfido needs a country of residence it knows.');
  return known;
}

// Characters Onfido's name pattern refuses; a host's name with one would make the applicant fail.
const nameFor = (value: string) => value.replace(/[!#$%*=<>;{}"]/g, '').trim();

/**
 * The size window of each side, as the BFF enforces it on upload, for our capture to compress
 * into (a selfie's 32 KB minimum is not a document's 2 KB); max_bytes for widgets before windows.
 */
export function captureLimits(limits: Record<CaptureSide, { min: number; max: number }>): Pick<NativeCaptureClient, 'max_bytes' | 'limits'> {
  const window = (side: CaptureSide) => ({ min_bytes: limits[side].min, max_bytes: limits[side].max });
  return {
    max_bytes: Math.min(...Object.values(limits).map((l) => l.max)),
    limits: { document_front: window('document_front'), document_back: window('document_back'), selfie: window('selfie') },
  };
}

export function createOnfidoAdapter(config: OnfidoConfig, deps: AdapterDeps): ProviderAdapter & { api: DefaultApi } {
  const api = createOnfidoApi(config, deps);
  const verifier = new WebhookEventVerifier(config.webhookToken.reveal());
  /** Completes in flight on this replica, per applicant: two clicks create one check. */
  const submitting = new Map<string, Promise<Outcome>>();

  const sdkToken = async (applicantId: string, referrer: string | undefined) =>
    (await callOnfido(SdkTokenSchema, () => api.generateSdkToken({ applicant_id: applicantId, ...(referrer ? { referrer } : {}) }))).token;

  // Our own capture, where the session prefers it (or the configuration does) and it can do the
  // face check asked for; a Studio workflow always runs in Onfido's SDK.
  const capturesNatively = (requirements: Requirements) => !config.workflowId && captureModeFor(requirements, config.capture) === 'native';
  const nativeClient = (session: SessionRecord): NativeCaptureClient => ({
    provider_key: 'onfido',
    flow: 'native_capture',
    document_types: [...CAPTURE_DOCUMENT_TYPES],
    selfie: faceCheckOf(session.requirements) === 'photo',
    ...captureLimits(ONFIDO_UPLOAD_LIMITS),
    min_long_edge: 1600,
  });

  const clientFor = (session: SessionRecord, token: string, workflowRunId: string | null): OnfidoClient => ({
    provider_key: 'onfido',
    flow: 'embedded_sdk',
    sdk_token: token,
    sdk_url: config.sdkUrl,
    face: FACE[faceCheckOf(session.requirements)].client,
    workflow_run_id: workflowRunId,
  });

  const applicantOf = ({ attempt }: AttemptContext) => attempt.private_data.applicant_id ?? attempt.session_ref;

  /** The applicant's newest check with, once it has an outcome, its reports. */
  async function readCheck(applicantId: string): Promise<CheckRead | null> {
    const { checks } = await callOnfido(ChecksSchema, () => api.listChecks(applicantId), { retry: true });
    const check = newestCheck(checks);
    if (!check) return null;
    if (check.status !== 'complete' && check.status !== 'withdrawn') return { check, reports: [] };
    const { reports } = await callOnfido(ReportsSchema, () => api.listReports(check.id), { retry: true });
    return { check, reports };
  }

  async function retrieve(ctx: AttemptContext): Promise<Outcome> {
    const applicantId = applicantOf(ctx);
    const runId = ctx.attempt.private_data.workflow_run_id;
    if (!runId) return outcomeOfCheck(await readCheck(applicantId));
    const run = await callOnfido(WorkflowRunSchema, () => api.findWorkflowRun(runId), { retry: true });
    return outcomeOfWorkflowRun(run, run.status === 'approved' ? await readCheck(applicantId) : null);
  }

  /** The host's names on the attempt's applicant, in place of the placeholder it was created under; nothing without them. */
  async function writeNames(ctx: AttemptContext): Promise<void> {
    const person = ctx.person;
    if (!person) return;
    const names = { first_name: nameFor(person.first_name) || 'Applicant', last_name: nameFor(person.last_name) || 'Applicant' };
    await callOnfido(ApplicantSchema, () => api.updateApplicant(applicantOf(ctx), names), { retry: true });
  }

  async function createCheckOnce(ctx: AttemptContext): Promise<Outcome> {
    const applicantId = applicantOf(ctx);
    const { session } = ctx;
    const existing = await readCheck(applicantId);
    if (existing) return outcomeOfCheck(existing);
    const face = FACE[faceCheckOf(session.requirements)].report;
    // The document report compares the applicant's names: the host's, even if `recorded` never ran.
    await writeNames(ctx);
    await callOnfido(CheckSchema, () =>
      api.createCheck({
        applicant_id: applicantId,
        report_names: face ? ['document', face] : ['document'],
        // The service refuses to get here unless every notice this needs was accepted.
        ...(requiredNotices(session.requirements, session.country_of_residence ?? '').length ? { privacy_notices_read_consent_given: true } : {}),
      }),
    ).catch((error: unknown) => {
      // 422 validation_error: a report has no document or selfie to read (completed before the
      // capture), the person's next step rather than Onfido failing. Onfido's wording stays out.
      if (error instanceof ProviderError && error.providerStatus === 422 && error.providerCode === 'validation_error') {
        throw new ApiError('validation_failed', 'Every image this verification asks for must be uploaded before it is completed.', {
          issues: [{ path: 'body.session_ref', message: 'Images are missing.' }],
        });
      }
      throw error;
    });
    // Read back rather than trusting the create answer: if another replica created a check at
    // the same moment (Onfido takes no idempotency key), both pick the same newest one.
    return outcomeOfCheck(await readCheck(applicantId));
  }

  async function resolveCheck(checkId: string): Promise<string | null> {
    return (await findOnfido(CheckSchema, () => api.findCheck(checkId)))?.applicant_id ?? null;
  }

  return {
    key: 'onfido',
    api,
    // Every one through the SDK; a video or motion check takes the SDK even where our capture is preferred.
    faceChecks: ['none', 'photo', 'video', 'motion'],
    description: {
      name: 'Onfido',
      supported_layers: ['identity'],
      claim_types: ['verified_identity'],
      assurance_level: 'high',
      coverage: 'global',
      flow: config.capture === 'native' && !config.workflowId ? 'native_capture' : 'embedded_sdk',
    },
    flowFor: (requirements) => (capturesNatively(requirements) ? 'native_capture' : 'embedded_sdk'),

    requiredNotices,
    notices: ONFIDO_NOTICES,

    async initiate({ session, attemptId, acceptedNotices, hostOrigin }) {
      // The service checks this too; an adapter that can start biometric capture refuses on its own.
      const needed = requiredNotices(session.requirements, session.country_of_residence ?? '');
      if (needed.some((n) => !acceptedNotices.includes(n))) {
        throw new ApiError('biometric_consent_required', undefined, { notices: needed, provider_key: 'onfido' });
      }
      const country = countryOfResidence(session.country_of_residence);
      // Onfido requires both names: the placeholder bound to the attempt until it is written; the
      // host's then (recorded). Without the host's, the document report's data_comparison has
      // nothing true to compare with, which is why hosts should send them.
      const names = placeholderNames(attemptId);
      const consents: ApplicantConsentBuilder[] = privacyNoticesRead(acceptedNotices) ? [{ name: 'privacy_notices_read', granted: true }] : [];
      const applicant = await callOnfido(ApplicantSchema, () =>
        api.createApplicant({ ...names, location: { country_of_residence: country }, ...(consents.length ? { consents } : {}) }),
      );
      if (capturesNatively(session.requirements)) {
        return {
          sessionRef: applicant.id,
          client: nativeClient(session),
          privateData: { applicant_id: applicant.id },
          expiresAt: new Date(session.expires_at),
        };
      }
      const referrer = hostOrigin ? `${hostOrigin}/*` : undefined;
      const workflowId = config.workflowId;
      let token: string;
      let run: { id: string } | null;
      try {
        token = await sdkToken(applicant.id, referrer);
        // Tagged with the attempt: a run, and through it its applicant, is found by it (findStarted).
        run = workflowId
          ? await callOnfido(WorkflowRunSchema, () => api.createWorkflowRun({ workflow_id: workflowId, applicant_id: applicant.id, tags: [attemptTag(attemptId)] }))
          : null;
      } catch (error) {
        // No attempt will name this applicant: do not leave the person's name at Onfido for nothing.
        await findOnfido(Empty, () => api.deleteApplicant(applicant.id)).catch(() => undefined);
        throw error;
      }
      return {
        sessionRef: applicant.id,
        client: clientFor(session, token, run?.id ?? null),
        privateData: { applicant_id: applicant.id, ...(referrer ? { referrer } : {}), ...(run ? { workflow_run_id: run.id } : {}) },
        // The attempt lives as long as the session: an SDK token that expires meanwhile is refreshed.
        expiresAt: new Date(session.expires_at),
      };
    },

    // What the real API lets us find (issue 15). An Onfido v3.6 applicant has no field for a
    // client's own reference (no external_id, metadata or tags: spec applicant_builder), and GET
    // /applicants filters on nothing but include_deleted (newest first, with created_at). So every
    // applicant is created under placeholder names bound to its attempt (placeholderNames), which
    // the host's names replace only once the attempt is written (recorded); a Studio run is also
    // tagged with it (GET /workflow_runs filters by tags). An applicant whose creation's answer was
    // lost is therefore found here, and holds no name meanwhile: only the country of residence and
    // the consent (no image: the SDK token that uploads them went out only in the lost answer).
    async findStarted({ session, attemptId }): Promise<{ sessionRef: string; privateData: Record<string, string> } | null> {
      if (config.workflowId) {
        const tag = attemptTag(attemptId);
        const runs = await callOnfido(TaggedRunsSchema, () => api.listWorkflowRuns(undefined, undefined, undefined, undefined, undefined, undefined, [tag]), { retry: true });
        const run = runs.find((r) => r.tags?.includes(tag) && r.applicant_id);
        if (run) return { sessionRef: run.applicant_id!, privateData: { applicant_id: run.applicant_id!, workflow_run_id: run.id } };
      }
      const bound = placeholderNames(attemptId);
      // The attempt's applicant was created after its session started: the pages stop there.
      const since = Date.parse(session.created_at) - CLOCK_SKEW_MS;
      for (let page = 1; page <= APPLICANTS_PAGES; page++) {
        const { applicants } = await callOnfido(ApplicantsListSchema, () => api.listApplicants(page, APPLICANTS_PAGE), { retry: true });
        const found = applicants.find((a) => a.first_name === bound.first_name && a.last_name === bound.last_name);
        if (found) return { sessionRef: found.id, privateData: { applicant_id: found.id } };
        if (applicants.length < APPLICANTS_PAGE || applicants.some((a) => Date.parse(a.created_at) < since)) return null;
      }
      // A search without end would keep the intent (and the person) waiting: it is swept without it.
      deps.log({ level: 'warn', msg: 'onfido applicant search stopped', provider_key: 'onfido', attempt_id: attemptId, pages: APPLICANTS_PAGES });
      return null;
    },

    // Taken only for attempts with our capture: the service refuses uploads to any other flow.
    uploadLimits: ONFIDO_UPLOAD_LIMITS,

    async upload(ctx, image) {
      await uploadToOnfido(config, deps, applicantOf(ctx), image);
    },

    async refreshClient(ctx) {
      // Our own capture holds no token of Onfido's: there is nothing to refresh.
      if (ctx.attempt.client.flow === 'native_capture') return ctx.attempt.client;
      const token = await sdkToken(applicantOf(ctx), ctx.attempt.private_data.referrer);
      return clientFor(ctx.session, token, ctx.attempt.private_data.workflow_run_id ?? null);
    },

    // The attempt is written: the applicant may now carry the person's names.
    async recorded(ctx) {
      await writeNames(ctx);
    },

    async submit(ctx) {
      // A workflow run is completed by the SDK itself: there is nothing to create, only to read.
      if (ctx.attempt.private_data.workflow_run_id) return retrieve(ctx);
      const applicantId = applicantOf(ctx);
      const inflight = submitting.get(applicantId);
      if (inflight) return inflight;
      const started = createCheckOnce(ctx).finally(() => submitting.delete(applicantId));
      submitting.set(applicantId, started);
      return started;
    },

    retrieve,

    async results(ctx, want) {
      const read = want.sensitive ? await readCheck(applicantOf(ctx)) : null;
      return {
        ...(want.sensitive ? { sensitive: sensitiveOf(read?.check.status === 'complete' ? read.reports : []) } : {}),
        // Onfido has no expiring links to its copies of the images, only downloads with our API
        // token; proxying those would make the BFF hold the images, so none are offered.
        ...(want.images ? { images: [] } : {}),
      };
    },

    async identityProfile(ctx) {
      // Read live: the document's fields (the date of birth among them) are never stored.
      const read = await readCheck(applicantOf(ctx));
      const complete = read?.check.status === 'complete' ? read.reports : null;
      // A Studio run decides without a check of ours; a check of ours that is not complete is not what was verified.
      if (!complete && !ctx.attempt.private_data.workflow_run_id) {
        throw new ProviderError('provider_error', 'onfido', 'Onfido holds no complete check for this attempt.', { operation: 'list_checks' });
      }
      return onfidoIdentityProfile(ctx, complete ?? []);
    },

    async redact(ctx) {
      // Onfido schedules the applicant (and its documents, photos and reports) for deletion.
      await findOnfido(Empty, () => api.deleteApplicant(applicantOf(ctx)));
    },

    async abandon(ctx) {
      // An applicant has no pending state to cancel; it holds the person's name and any images.
      await this.redact!(ctx);
    },

    routes(r) {
      // Configured webhook URLs at the provider keep working at the paths they were given.
      r.webhook({ summary: "Onfido's signed event (X-SHA2-Signature)", aliases: ['/v1/webhooks/onfido'] }, async (rawBody, headers) => {
        let event: unknown;
        try {
          const signature = headers.get('x-sha2-signature');
          if (!signature) throw new Error('no signature');
          // Throws on a mismatch, but also RangeError on a signature of the wrong length and
          // SyntaxError on a body that is not JSON: every one of them is a forged delivery to us.
          event = verifier.readPayload(rawBody, signature.trim());
        } catch {
          throw new ApiError('webhook_signature_invalid');
        }
        // Onfido events have no id; a re-delivery carries the same body, so its hash is the id.
        const eventId = sha256Hex(rawBody);
        const parsed = EventSchema.safeParse(event);
        if (!parsed.success) return { eventId, type: 'unknown', sessionRef: null };
        const { resource_type: kind, action, object } = parsed.data.payload;
        const resolveRef = async (): Promise<string | null> => {
          if (kind === 'check') return resolveCheck(object.id);
          if (kind === 'report') {
            const report = await findOnfido(ReportSchema, () => api.findReport(object.id));
            return report?.check_id ? resolveCheck(report.check_id) : null;
          }
          if (kind === 'workflow_run') return (await findOnfido(WorkflowRunSchema, () => api.findWorkflowRun(object.id)))?.applicant_id ?? null;
          return null;
        };
        return { eventId, type: action, sessionRef: null, resolveRef };
      });
    },
  };
}
