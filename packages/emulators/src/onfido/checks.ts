// Checks and reports: POST /checks validates the applicant (US consent, location, media), plans
// each report's sandbox outcome (and what a document report read), and the lifecycle moves
// in_progress → complete on the emulator clock, emitting check.started, report.completed and
// check.completed webhooks.
import type { Hono } from 'hono';
import { z } from 'zod';
import { errors } from './errors.js';
import { jsonBody, onfidoRoute, originOf, idOf } from './http.js';
import { BASE_PATH, iso, newId, type CheckRecord, type OnfidoState, type ReportRecord } from './model.js';
import { documentProperties } from './document-properties.js';
import { isDocumentReport, mediaNeeds, needsUsConsent, planReport, renderReport, SUB_RESULTS } from './results.js';
import { REPORT_NAMES } from './vocabulary.js';
import type { OnfidoWebhooks } from './webhooks.js';

const ReportName = z.enum(REPORT_NAMES, { message: 'is not a valid report name' });
const CheckBody = z.object({
  applicant_id: z.string({ message: "can't be blank" }),
  report_names: z.array(ReportName, { message: "can't be blank" }).min(1, "can't be blank"),
  document_ids: z.array(z.string()).optional(),
  applicant_provides_data: z.boolean().optional(),
  asynchronous: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  webhook_ids: z.array(z.string()).optional(),
  redirect_uri: z.string().optional(),
  suppress_form_emails: z.boolean().optional(),
  privacy_notices_read_consent_given: z.boolean().optional(),
  sub_result: z.enum(SUB_RESULTS, { message: 'is not a valid sub_result' }).optional(),
  consider: z.array(ReportName).optional(),
});

export interface ChecksDeps {
  state: OnfidoState;
  now(): number;
  dispatcher: OnfidoWebhooks;
  processingMs: number;
  publicUrl: string | undefined;
}

export class CheckLifecycle {
  #timers = new Set<ReturnType<typeof setTimeout>>();
  constructor(private readonly d: ChecksDeps) {}

  /** Completes every check whose time has come (on the emulator clock) and sends its webhooks. */
  settle(): void {
    const now = this.d.now();
    for (const check of this.d.state.checks.values()) if (check.status === 'in_progress' && check.complete_at <= now) this.complete(check);
  }

  complete(check: CheckRecord): void {
    const at = iso(this.d.now());
    check.status = 'complete';
    for (const id of check.report_ids) {
      const report = this.d.state.reports.get(id)!;
      report.status = 'complete';
      this.d.dispatcher.emit(
        { action: 'report.completed', resource_type: 'report', object: { id, status: 'complete', completed_at_iso8601: at, href: `${check.origin}${BASE_PATH}/reports/${id}` } },
        check.webhook_ids,
      );
    }
    this.d.dispatcher.emit(
      {
        action: 'check.completed',
        resource_type: 'check',
        object: { id: check.id, status: 'complete', started_at_iso8601: check.created_at, completed_at_iso8601: at, href: `${check.origin}${BASE_PATH}/checks/${check.id}` },
      },
      check.webhook_ids,
    );
  }

  /** Real-time wake-up so webhooks go out without anyone polling; unref'd so tests exit. */
  schedule(check: CheckRecord): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.settle();
    }, Math.max(0, check.complete_at - this.d.now()));
    timer.unref?.();
    this.#timers.add(timer);
  }

  clear(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}

export function renderCheck(c: CheckRecord, state: OnfidoState): Record<string, unknown> {
  const reports = c.report_ids.map((id) => state.reports.get(id)!);
  const out: Record<string, unknown> = {
    id: c.id,
    created_at: c.created_at,
    href: `${BASE_PATH}/checks/${c.id}`,
    applicant_id: c.applicant_id,
    applicant_provides_data: c.applicant_provides_data,
    status: c.status,
    tags: c.tags,
    results_uri: `https://dashboard.onfido.com/checks/${c.id}`,
    report_ids: c.report_ids,
    sandbox: true,
    paused: false,
    version: '3.6',
  };
  if (c.webhook_ids) out.webhook_ids = c.webhook_ids;
  if (c.redirect_uri) out.redirect_uri = c.redirect_uri;
  if (c.privacy_notices_read_consent_given !== undefined) out.privacy_notices_read_consent_given = c.privacy_notices_read_consent_given;
  if (c.status === 'complete') out.result = reports.some((r) => r.planned.result === 'consider') ? 'consider' : 'clear';
  return out;
}

export function mountChecks(app: Hono, deps: ChecksDeps, lifecycle: CheckLifecycle): void {
  const { state } = deps;

  app.post(
    `${BASE_PATH}/checks`,
    onfidoRoute(async (c) => {
      const body = await jsonBody(c, CheckBody);
      const applicant = state.applicant(body.applicant_id);
      if (!applicant) throw errors.validation({ applicant_id: ['not found'] });
      const location = applicant.fields.location as { country_of_residence?: string; ip_address?: string } | undefined;
      if (!location?.country_of_residence && !location?.ip_address) throw errors.locationMissing();
      const consented = applicant.consents.some((x) => x.name === 'privacy_notices_read' && x.granted);
      if (location.country_of_residence === 'USA' && !consented && body.report_names.some(needsUsConsent)) throw errors.usPrivacyConsentMissing();

      // Media each report reads: named document_ids, else the latest document (and its other side).
      const docs = state.mediaOf(applicant.id, 'document');
      let documentIds: string[];
      if (body.document_ids) {
        const unknown = body.document_ids.filter((id) => !docs.some((d) => d.id === id));
        if (unknown.length) throw errors.validation({ document_ids: ['contains documents that do not belong to this applicant'] });
        documentIds = body.document_ids;
      } else {
        const latest = docs.at(-1);
        const pair = latest?.side ? docs.filter((d) => d.type === latest.type && d.side && d.side !== latest.side).at(-1) : undefined;
        documentIds = latest ? [latest.id, ...(pair ? [pair.id] : [])] : [];
      }
      const fields: Record<string, string[]> = {};
      const faceIds: Record<string, string | undefined> = {};
      for (const name of body.report_names) {
        const need = mediaNeeds(name);
        if (need.document && documentIds.length === 0) fields.document_ids = [`a document is required for the ${name} report`];
        if (need.face) {
          faceIds[need.face] = state.mediaOf(applicant.id, need.face).at(-1)?.id;
          if (!faceIds[need.face]) fields[need.face] = [`a ${need.face.replace('_', ' ')} is required for the ${name} report`];
        }
      }
      if (Object.keys(fields).length) throw errors.validation(fields);
      if (body.webhook_ids?.some((id) => !deps.dispatcher.webhooks.has(id))) throw errors.validation({ webhook_ids: ['contains unknown webhooks'] });

      const now = deps.now();
      const check: CheckRecord = {
        id: newId(),
        applicant_id: applicant.id,
        created_at: iso(now),
        status: 'in_progress',
        complete_at: now + deps.processingMs,
        report_ids: [],
        tags: body.tags ?? [],
        webhook_ids: body.webhook_ids ?? null,
        applicant_provides_data: body.applicant_provides_data ?? false,
        ...(body.privacy_notices_read_consent_given !== undefined ? { privacy_notices_read_consent_given: body.privacy_notices_read_consent_given } : {}),
        ...(body.redirect_uri ? { redirect_uri: body.redirect_uri } : {}),
        origin: originOf(c, deps.publicUrl),
      };
      const documents = documentIds.map((id) => state.media.get(id)!);
      for (const name of body.report_names) {
        const need = mediaNeeds(name);
        const planned = planReport(name, { lastName: applicant.fields.last_name, consider: body.consider ?? [], subResult: body.sub_result });
        if (isDocumentReport(name)) planned.properties = documentProperties(applicant, documents, planned.sub_result);
        const report: ReportRecord = {
          id: newId(),
          check_id: check.id,
          name,
          created_at: check.created_at,
          status: 'awaiting_data',
          planned,
          documents: need.document ? documentIds : [],
          live_photos: need.face === 'live_photo' ? [faceIds.live_photo!] : [],
          live_videos: need.face === 'live_video' ? [faceIds.live_video!] : [],
          motion_captures: need.face === 'motion_capture' ? [faceIds.motion_capture!] : [],
        };
        state.reports.set(report.id, report);
        check.report_ids.push(report.id);
      }
      state.checks.set(check.id, check);
      deps.dispatcher.emit(
        { action: 'check.started', resource_type: 'check', object: { id: check.id, status: 'in_progress', started_at_iso8601: check.created_at, href: `${check.origin}${BASE_PATH}/checks/${check.id}` } },
        check.webhook_ids,
      );
      // asynchronous: false answers only once every report is done.
      if (body.asynchronous === false) lifecycle.complete(check);
      else lifecycle.schedule(check);
      return c.json(renderCheck(check, state), 201);
    }),
  );

  const findCheck = (id: string) => {
    const check = state.checks.get(id);
    if (!check) throw errors.notFound();
    return check;
  };
  app.get(
    `${BASE_PATH}/checks`,
    onfidoRoute((c) => {
      const applicantId = c.req.query('applicant_id');
      if (!applicantId) throw errors.validation({ applicant_id: ["can't be blank"] });
      const checks = [...state.checks.values()].filter((x) => x.applicant_id === applicantId).reverse();
      return c.json({ checks: checks.map((x) => renderCheck(x, state)) });
    }),
  );
  app.get(`${BASE_PATH}/checks/:id`, onfidoRoute((c) => c.json(renderCheck(findCheck(idOf(c)), state))));
  app.get(
    `${BASE_PATH}/reports`,
    onfidoRoute((c) => {
      const checkId = c.req.query('check_id');
      if (!checkId) throw errors.validation({ check_id: ["can't be blank"] });
      const check = findCheck(checkId);
      return c.json({ reports: check.report_ids.map((id) => renderReport(state.reports.get(id)!)) });
    }),
  );
  app.get(
    `${BASE_PATH}/reports/:id`,
    onfidoRoute((c) => {
      const report = state.reports.get(idOf(c));
      if (!report) throw errors.notFound();
      return c.json(renderReport(report));
    }),
  );
}
