// /v1/identity/verification_sessions and /v1/identity/verification_reports: create, list,
// retrieve, update, cancel, redact, and reading reports, as Stripe answers them.
import type { Hono } from 'hono';
import { honoPath, paginate, stripeRoute, type ApiCall, type ApiDeps } from './api.js';
import { errors } from './errors.js';
import type { Lifecycle, SessionUpdate } from './lifecycle.js';
import { newId, type DocumentOptions, type SessionRecord, type StripeState } from './model.js';
import { EXPANDABLE, parseExpand, renderReport, renderSession, type RenderContext } from './render.js';

export interface SessionsApiDeps {
  api: ApiDeps;
  state: StripeState;
  lifecycle: Lifecycle;
  render(origin: string, credentials: boolean): RenderContext;
}

const SESSIONS = '/v1/identity/verification_sessions';
const SESSION = `${SESSIONS}/{session}`;
const REPORTS = '/v1/identity/verification_reports';

const expandOf = (call: ApiCall) => (call.params.expand as string[] | undefined) ?? [];
const eventRequest = (call: ApiCall) => ({ id: call.requestId, idempotency_key: call.idempotencyKey });

function checkReturnUrl(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value as string);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // fall through to Stripe's refusal
  }
  throw errors.invalidUrl('return_url');
}

export function mountSessionsApi(app: Hono, d: SessionsApiDeps): void {
  const find = (call: ApiCall): SessionRecord => {
    const id = call.c.req.param('session') ?? '';
    const s = d.state.sessions.get(id);
    if (!s) throw errors.noSuchObject('verificationsession', id, 'session');
    return s;
  };
  const show = (call: ApiCall, s: SessionRecord, credentials: boolean) => {
    const expand = parseExpand(expandOf(call), EXPANDABLE.session, call.key.kind);
    if (credentials) d.lifecycle.refreshCredentials(s);
    return renderSession(s, expand, d.render(call.origin, credentials));
  };

  app.post(
    SESSIONS,
    stripeRoute(d.api, 'POST', SESSIONS, (call) => {
      const p = call.params;
      const expand = parseExpand(expandOf(call), EXPANDABLE.session, call.key.kind);
      if (p.verification_flow !== undefined) throw errors.noSuchReference('verification flow', p.verification_flow as string, 'verification_flow');
      if (p.type === undefined) throw errors.missingParameter('type');
      const returnUrl = checkReturnUrl(p.return_url);
      const type = p.type as SessionRecord['type'];
      const docOptions = (p.options as { document?: DocumentOptions | '' } | undefined)?.document;
      const metadata = Object.fromEntries(Object.entries((p.metadata as Record<string, string> | undefined) ?? {}).filter(([, v]) => v !== ''));
      const s: SessionRecord = {
        seq: d.state.nextSeq(),
        id: newId('vs'),
        created: d.lifecycle.now(),
        type,
        options: type === 'document' ? { document: typeof docOptions === 'object' ? docOptions : {} } : { id_number: {} },
        metadata,
        client_reference_id: (p.client_reference_id as string | undefined) ?? null,
        return_url: returnUrl,
        provided_details: (p.provided_details as SessionRecord['provided_details'] | undefined) ?? null,
        related_customer: (p.related_customer as string | undefined) ?? null,
        related_customer_account: (p.related_customer_account as string | undefined) ?? null,
        related_person: (p.related_person as SessionRecord['related_person'] | undefined) ?? null,
        status: 'requires_input',
        last_error: null,
        last_verification_report: null,
        verified_outputs: null,
        redaction: null,
        attempt: null,
      };
      d.lifecycle.startAttempt(s);
      d.state.sessions.set(s.id, s);
      d.lifecycle.emit('identity.verification_session.created', s, eventRequest(call));
      return renderSession(s, expand, d.render(call.origin, true));
    }),
  );

  app.get(
    SESSIONS,
    stripeRoute(d.api, 'GET', SESSIONS, (call) => {
      const p = call.params;
      const expand = parseExpand(expandOf(call), EXPANDABLE.session, call.key.kind, true);
      const ctx = d.render(call.origin, false);
      const matching = [...d.state.sessions.values()].filter(
        (s) =>
          (p.status === undefined || s.status === p.status) &&
          (p.client_reference_id === undefined || s.client_reference_id === p.client_reference_id) &&
          (p.related_customer === undefined || s.related_customer === p.related_customer) &&
          (p.related_customer_account === undefined || s.related_customer_account === p.related_customer_account),
      );
      return paginate(matching, p, SESSIONS, 'verificationsession', (s) => renderSession(s, expand, ctx));
    }),
  );

  app.get(
    honoPath(SESSION),
    stripeRoute(d.api, 'GET', SESSION, (call) => show(call, find(call), call.key.kind === 'secret')),
  );

  app.post(
    honoPath(SESSION),
    stripeRoute(d.api, 'POST', SESSION, (call) => {
      const s = find(call);
      parseExpand(expandOf(call), EXPANDABLE.session, call.key.kind);
      d.lifecycle.update(s, call.params as SessionUpdate);
      return show(call, s, call.key.kind === 'secret');
    }),
  );

  app.post(
    honoPath(`${SESSION}/cancel`),
    stripeRoute(d.api, 'POST', `${SESSION}/cancel`, (call) => {
      const s = find(call);
      parseExpand(expandOf(call), EXPANDABLE.session, call.key.kind);
      d.lifecycle.cancel(s, eventRequest(call));
      return show(call, s, false);
    }),
  );

  app.post(
    honoPath(`${SESSION}/redact`),
    stripeRoute(d.api, 'POST', `${SESSION}/redact`, (call) => {
      const s = find(call);
      parseExpand(expandOf(call), EXPANDABLE.session, call.key.kind);
      d.lifecycle.redact(s, eventRequest(call));
      return show(call, s, false);
    }),
  );

  app.get(
    REPORTS,
    stripeRoute(d.api, 'GET', REPORTS, (call) => {
      const p = call.params;
      const expand = parseExpand(expandOf(call), EXPANDABLE.report, call.key.kind, true);
      const matching = [...d.state.reports.values()].filter(
        (r) =>
          (p.type === undefined || r.type === p.type) &&
          (p.verification_session === undefined || r.verification_session === p.verification_session) &&
          (p.client_reference_id === undefined || r.client_reference_id === p.client_reference_id),
      );
      return paginate(matching, p, REPORTS, 'verificationreport', (r) => renderReport(r, expand));
    }),
  );

  app.get(
    honoPath(`${REPORTS}/{report}`),
    stripeRoute(d.api, 'GET', `${REPORTS}/{report}`, (call) => {
      const id = call.c.req.param('report') ?? '';
      const report = d.state.reports.get(id);
      if (!report) throw errors.noSuchObject('verificationreport', id, 'report');
      return renderReport(report, parseExpand(expandOf(call), EXPANDABLE.report, call.key.kind));
    }),
  );
}
