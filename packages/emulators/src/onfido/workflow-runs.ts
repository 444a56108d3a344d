// Workflow runs (Onfido Studio): POST/GET /v3.6/workflow_runs and GET /v3.6/workflow_runs/{id},
// the SDK's GET and POST …/complete under /v4 with the run's SDK token, and the lifecycle
// awaiting_input → processing → approved | review | declined on the emulator clock, ending in a
// signed workflow_run.completed webhook.
//
// What a workflow does is configured in Onfido's dashboard, which is not emulated: every UUID is
// accepted as a workflow id [U] and stands for one workflow, version 1, that captures a document
// and a face (so the US privacy-notice rule of checks applies at creation, as for a check with a
// facial similarity report). Outcomes follow the sandbox convention of checks: applicant last name
// "Consider" → review; "Decline" → declined [U: our choice, no sandbox rule is documented for
// Studio]; anything else → approved.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { errors } from './errors.js';
import { jsonBody, onfidoRoute, originOf, sdkTokenAuth, idOf, type SdkAuthVars } from './http.js';
import type { OnfidoKeys } from './keys.js';
import { BASE_PATH, iso, newId, type OnfidoState, type WorkflowRunRecord, type WorkflowRunStatus } from './model.js';
import { mintSdkToken } from './sdk-token.js';
import type { OnfidoWebhooks } from './webhooks.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ['processing', 'awaiting_input', 'awaiting_client_input', 'approved', 'declined', 'review', 'abandoned', 'error'] as const;
/** [U] The list's page size is not documented; the applicants list's default is used. */
const PAGE_SIZE = 20;
const WORKFLOW_VERSION_ID = 1;

// Spec `workflow_run_builder`: tags 1–128 characters, at most 30; customer_user_id ≤ 256.
const LinkInput = z.object({
  completed_redirect_url: z.string().nullable().optional(),
  expired_redirect_url: z.string().nullable().optional(),
  expires_at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).nullable().optional(),
  language: z.enum(['en_US', 'de_DE', 'es_ES', 'fr_FR', 'it_IT', 'pt_PT', 'nl_NL']).nullable().optional(),
});
const Create = z.object({
  workflow_id: z.string({ message: "can't be blank" }).regex(UUID, 'must be a valid UUID'),
  applicant_id: z.string({ message: "can't be blank" }),
  tags: z.array(z.string().min(1).max(128)).max(30).nullable().optional(),
  customer_user_id: z.string().max(256).optional(),
  link: LinkInput.optional(),
  custom_data: z.record(z.string(), z.unknown()).optional(),
});

export interface WorkflowRunsDeps {
  state: OnfidoState;
  keys: OnfidoKeys;
  now(): number;
  dispatcher: OnfidoWebhooks;
  processingMs: number;
  publicUrl: string | undefined;
}

const dashboardUrl = (id: string) => `https://dashboard.onfido.com/results/${id}`;

/** The run as the public API shows it (spec `workflow_run`). */
export function renderWorkflowRun(r: WorkflowRunRecord, withToken = true): Record<string, unknown> {
  return {
    id: r.id,
    applicant_id: r.applicant_id,
    workflow_id: r.workflow_id,
    workflow_version_id: WORKFLOW_VERSION_ID,
    status: r.status,
    dashboard_url: dashboardUrl(r.id),
    output: {},
    reasons: r.reasons,
    sdk_token: withToken ? r.sdk_token : null,
    created_at: r.created_at,
    updated_at: r.updated_at,
    tags: r.tags,
    ...(r.customer_user_id !== undefined ? { customer_user_id: r.customer_user_id } : {}),
    ...(r.link ? { link: r.link } : {}),
  };
}

export class WorkflowRunLifecycle {
  #timers = new Set<ReturnType<typeof setTimeout>>();
  constructor(private readonly d: WorkflowRunsDeps) {}

  /** The SDK finished capturing: processing now, an outcome once the processing time has passed. */
  complete(run: WorkflowRunRecord): void {
    const now = this.d.now();
    run.status = 'processing';
    run.updated_at = iso(now);
    run.decide_at = now + this.d.processingMs;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.settle();
    }, this.d.processingMs);
    timer.unref?.();
    this.#timers.add(timer);
  }

  /** Decides every processing run whose time has come (on the emulator clock) and sends its webhook. */
  settle(): void {
    const now = this.d.now();
    for (const run of this.d.state.workflowRuns.values()) {
      if (run.status !== 'processing' || run.decide_at === null || run.decide_at > now) continue;
      const lastName = this.d.state.applicants.get(run.applicant_id)?.fields.last_name;
      const outcome: WorkflowRunStatus = lastName === 'Consider' ? 'review' : lastName === 'Decline' ? 'declined' : 'approved';
      run.status = outcome;
      // [U] Reasons are configured per workflow version in the dashboard; these name the sandbox rule.
      run.reasons = outcome === 'review' ? ['sandbox_last_name_consider'] : outcome === 'declined' ? ['sandbox_last_name_decline'] : [];
      run.updated_at = iso(now);
      // [U] Which fields Onfido puts in `resource` for this event is not documented offline: these
      // are the run's fields that the spec's webhook_event_payload_resource declares (no token).
      const { sdk_token: _token, ...resource } = renderWorkflowRun(run, false);
      this.d.dispatcher.emit(
        {
          action: 'workflow_run.completed',
          resource_type: 'workflow_run',
          object: { id: run.id, status: outcome, completed_at_iso8601: run.updated_at, href: `${run.origin}${BASE_PATH}/workflow_runs/${run.id}` },
          resource,
        },
        null,
      );
    }
  }

  clear(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}

export function mountWorkflowRuns(app: Hono, deps: WorkflowRunsDeps, lifecycle: WorkflowRunLifecycle): void {
  const { state } = deps;
  const find = (id: string) => {
    const run = state.workflowRuns.get(id);
    if (!run) throw errors.notFound();
    return run;
  };

  app.post(
    `${BASE_PATH}/workflow_runs`,
    onfidoRoute(async (c) => {
      const body = await jsonBody(c, Create);
      const applicant = state.applicant(body.applicant_id);
      if (!applicant) throw errors.validation({ applicant_id: ['not found'] });
      const location = applicant.fields.location as { country_of_residence?: string } | undefined;
      const consented = applicant.consents.some((x) => x.name === 'privacy_notices_read' && x.granted);
      if (location?.country_of_residence === 'USA' && !consented) throw errors.usPrivacyConsentMissing();
      const now = deps.now();
      const origin = originOf(c, deps.publicUrl);
      // [U] Minted without a referrer (any page): the run's request has no field for one.
      const { token, claims } = mintSdkToken({ applicantId: applicant.id, origin, nowSeconds: Math.floor(now / 1000) }, deps.keys.sdkTokenSecret);
      state.rememberSdkToken(claims.uuid, applicant.id);
      const run: WorkflowRunRecord = {
        id: newId(),
        applicant_id: applicant.id,
        workflow_id: body.workflow_id.toLowerCase(),
        created_at: iso(now),
        updated_at: iso(now),
        status: 'awaiting_input',
        tags: body.tags ?? [],
        ...(body.customer_user_id !== undefined ? { customer_user_id: body.customer_user_id } : {}),
        // The link's own `url` (Onfido's hosted page) is left out: that page is not emulated.
        ...(body.link ? { link: { ...body.link } } : {}),
        custom_data: body.custom_data ?? {},
        sdk_token: token,
        decide_at: null,
        reasons: [],
        origin,
      };
      state.workflowRuns.set(run.id, run);
      return c.json(renderWorkflowRun(run), 201);
    }),
  );

  app.get(
    `${BASE_PATH}/workflow_runs`,
    onfidoRoute((c) => {
      const q = (name: string) => c.req.query(name);
      const statuses = q('status')?.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = statuses?.filter((s) => !(STATUSES as readonly string[]).includes(s));
      if (bad?.length) throw errors.validation({ status: [`is not a valid status: ${bad.join(', ')}`] });
      const tags = c.req.queries('tags') ?? c.req.queries('tags[]');
      const day = (name: string) => {
        const v = q(name);
        if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw errors.validation({ [name]: ['must be a date in YYYY-MM-DD format'] });
        return v;
      };
      const [after, before] = [day('created_at_gt'), day('created_at_lt')];
      const page = Math.max(1, Number.parseInt(q('page') ?? '1', 10) || 1);
      const runs = [...state.workflowRuns.values()].filter(
        (r) =>
          (!statuses || statuses.includes(r.status)) &&
          (!q('applicant_id') || r.applicant_id === q('applicant_id')) &&
          (!tags || tags.every((t) => r.tags.includes(t))) &&
          (!after || r.created_at.slice(0, 10) > after) &&
          (!before || r.created_at.slice(0, 10) < before),
      );
      // Newest first unless sort=asc; the answer is a bare array (spec), paginated by page.
      if (q('sort') !== 'asc') runs.reverse();
      return c.json(runs.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => renderWorkflowRun(r)));
    }),
  );
  app.get(`${BASE_PATH}/workflow_runs/:id`, onfidoRoute((c) => c.json(renderWorkflowRun(find(idOf(c))))));

  // The SDK's side, with the run's SDK token: a run of another applicant is "not found" to it.
  const sdk = app as unknown as Hono<SdkAuthVars>;
  const auth = sdkTokenAuth({ keys: deps.keys, state, nowSeconds: () => Math.floor(deps.now() / 1000) });
  const ownRun = (c: Context<SdkAuthVars>) => {
    const run = state.workflowRuns.get(idOf(c));
    if (!run || run.applicant_id !== c.get('sdk').payload.app) throw errors.notFound();
    return run;
  };
  // [U] paths from the 2022 SDK source; the answer shape is ours (the public object without the token).
  sdk.get('/v4/workflow_runs/:id', auth, onfidoRoute((c: Context<SdkAuthVars>) => c.json(renderWorkflowRun(ownRun(c), false))));
  sdk.post(
    '/v4/workflow_runs/:id/complete',
    auth,
    onfidoRoute((c: Context<SdkAuthVars>) => {
      const run = ownRun(c);
      if (run.status !== 'awaiting_input') throw errors.validation({ status: [`workflow run is ${run.status}, not awaiting_input`] });
      // The emulated workflow captures a document and a face: both must have been uploaded for this run.
      const since = (kind: 'document' | 'live_photo' | 'live_video' | 'motion_capture') => state.mediaOf(run.applicant_id, kind).filter((m) => m.created_at >= run.created_at);
      const fields: Record<string, string[]> = {};
      if (since('document').length === 0) fields.document = ['no document was captured for this workflow run'];
      if (!since('live_photo').length && !since('live_video').length && !since('motion_capture').length) fields.face = ['no face capture was uploaded for this workflow run'];
      if (Object.keys(fields).length) throw errors.validation(fields);
      lifecycle.complete(run);
      return c.json(renderWorkflowRun(run, false));
    }),
  );
}
