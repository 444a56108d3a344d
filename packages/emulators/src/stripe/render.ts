// Turns records into the JSON Stripe answers with, for a given caller: `expand[]` paths (checked
// against what Stripe lets you expand), sensitive fields only for a restricted key that expands
// them explicitly, credentials (client_secret, url) only where Stripe hands them out.
import { errors } from './errors.js';
import { placeholderImage } from './image.js';
import type { ApiKey } from './keys.js';
import type {
  DocumentReport,
  EventRecord,
  FileLinkRecord,
  FileRecord,
  IdNumberReport,
  ReportRecord,
  SessionRecord,
  StripeState,
  VerifiedOutputsRecord,
} from './model.js';

/** The expansion paths a caller asked for, as a tree: `{ verified_outputs: { dob: {} } }`. */
export type ExpandTree = { [field: string]: ExpandTree };

interface Expandable {
  /** Sensitive verification result: restricted key and an explicit expand only. */
  sensitive?: boolean;
  children?: Record<string, Expandable>;
}

const S: Expandable = { sensitive: true };
const REPORT: Record<string, Expandable> = {
  document: {
    children: { address: {}, error: {}, issued_date: {}, dob: S, expiration_date: S, number: S, sex: S, unparsed_place_of_birth: S, unparsed_sex: S },
  },
  id_number: { children: { error: {}, dob: S, id_number: S } },
  options: {},
  selfie: { children: { error: {} } },
};
const SESSION: Record<string, Expandable> = {
  last_error: {},
  last_verification_report: { children: REPORT },
  options: {},
  redaction: {},
  verified_outputs: { children: { address: {}, dob: S, id_number: S, sex: S, unparsed_place_of_birth: S, unparsed_sex: S } },
};
const FILE: Record<string, Expandable> = { links: {} };
export const EXPANDABLE = {
  session: SESSION,
  report: REPORT,
  file: FILE,
  file_link: { file: { children: FILE } },
  event: { data: {}, request: {} },
} satisfies Record<string, Record<string, Expandable>>;

/** Checks `expand[]` paths and builds the tree; `list` paths must start with `data.`. */
export function parseExpand(paths: readonly string[], root: Record<string, Expandable>, key: ApiKey['kind'], list = false): ExpandTree {
  const tree: ExpandTree = {};
  for (const path of paths) {
    let segments = path.split('.');
    if (list) {
      if (segments[0] !== 'data' || segments.length < 2) throw errors.notExpandable(path);
      segments = segments.slice(1);
    }
    let level: Record<string, Expandable> | undefined = root;
    let node = tree;
    for (const segment of segments) {
      const entry: Expandable | undefined = level?.[segment];
      if (!entry) throw errors.notExpandable(path);
      if (entry.sensitive && key !== 'restricted') throw errors.sensitiveNeedsRestrictedKey(path);
      node = node[segment] ??= {};
      level = entry.children;
    }
  }
  return tree;
}

export interface RenderContext {
  state: StripeState;
  /** Public base URL of the emulator, for `url` fields. */
  origin: string;
  now: number;
  /** Hand out client_secret and url (create, update and retrieve with a secret key). */
  credentials: boolean;
  usable(s: SessionRecord, credential: 'client_secret' | 'url'): boolean;
  apiVersion: string;
}

const pick = <T extends object>(record: T, always: readonly (keyof T)[], expanded: ExpandTree, sensitive: readonly (keyof T)[]) => {
  const keys = [...always, ...sensitive.filter((k) => String(k) in expanded)].sort();
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
};

export function renderOutputs(v: VerifiedOutputsRecord, expand: ExpandTree): Record<string, unknown> {
  const always = ['address', 'email', 'first_name', 'id_number_type', 'last_name', 'phone'] as const;
  return pick(v, always, expand, ['dob', 'id_number', 'sex', 'unparsed_place_of_birth', 'unparsed_sex']);
}

function renderDocument(d: DocumentReport, expand: ExpandTree) {
  return pick(d, ['address', 'error', 'files', 'first_name', 'issued_date', 'issuing_country', 'last_name', 'status', 'type'], expand, [
    'dob',
    'expiration_date',
    'number',
    'sex',
    'unparsed_place_of_birth',
    'unparsed_sex',
  ]);
}

function renderIdNumber(r: IdNumberReport, expand: ExpandTree) {
  return pick(r, ['error', 'first_name', 'id_number_type', 'last_name', 'status'], expand, ['dob', 'id_number']);
}

export function renderReport(r: ReportRecord, expand: ExpandTree): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: r.id,
    object: 'identity.verification_report',
    client_reference_id: r.client_reference_id,
    created: r.created,
  };
  if (r.document) out.document = renderDocument(r.document, expand.document ?? {});
  if (r.id_number) out.id_number = renderIdNumber(r.id_number, expand.id_number ?? {});
  out.livemode = false;
  out.options = r.options;
  if (r.selfie) out.selfie = r.selfie;
  out.type = r.type;
  out.verification_session = r.verification_session;
  return structuredClone(out);
}

export function renderSession(s: SessionRecord, expand: ExpandTree, ctx: RenderContext): Record<string, unknown> {
  const report = s.last_verification_report ? ctx.state.reports.get(s.last_verification_report) : undefined;
  const out: Record<string, unknown> = {
    id: s.id,
    object: 'identity.verification_session',
    client_reference_id: s.client_reference_id,
    client_secret: ctx.credentials && s.attempt && ctx.usable(s, 'client_secret') ? s.attempt.clientSecret : null,
    created: s.created,
    last_error: s.last_error,
    last_verification_report:
      expand.last_verification_report && report ? renderReport(report, expand.last_verification_report) : s.last_verification_report,
    livemode: false,
    metadata: s.metadata,
    options: s.options,
  };
  if (s.provided_details) out.provided_details = s.provided_details;
  out.redaction = s.redaction;
  out.related_customer = s.related_customer;
  out.related_customer_account = s.related_customer_account;
  if (s.related_person) out.related_person = s.related_person;
  out.status = s.status;
  out.type = s.type;
  out.url = ctx.credentials && s.attempt && ctx.usable(s, 'url') ? `${ctx.origin}/verify/start/${s.attempt.urlToken}` : null;
  if (expand.verified_outputs) out.verified_outputs = s.verified_outputs ? renderOutputs(s.verified_outputs, expand.verified_outputs) : null;
  return structuredClone(out);
}

export function renderFileLink(l: FileLinkRecord, expand: ExpandTree, ctx: RenderContext): Record<string, unknown> {
  const file = ctx.state.files.get(l.file);
  return {
    id: l.id,
    object: 'file_link',
    created: l.created,
    expired: l.expires_at !== null && l.expires_at <= ctx.now,
    expires_at: l.expires_at,
    file: expand.file && file ? renderFile(file, expand.file, ctx) : l.file,
    livemode: false,
    metadata: { ...l.metadata },
    url: `${ctx.origin}/links/${l.token}`,
  };
}

export function renderFile(f: FileRecord, _expand: ExpandTree, ctx: RenderContext): Record<string, unknown> {
  const links = [...ctx.state.fileLinks.values()].filter((l) => l.file === f.id).sort((a, b) => b.seq - a.seq);
  return {
    id: f.id,
    object: 'file',
    created: f.created,
    expires_at: null,
    filename: f.filename,
    links: { object: 'list', data: links.map((l) => renderFileLink(l, {}, ctx)), has_more: false, url: `/v1/file_links?file=${f.id}` },
    purpose: f.purpose,
    size: placeholderImage(f.purpose).length,
    title: null,
    type: 'png',
    url: `${ctx.origin}/v1/files/${f.id}/contents`,
  };
}

export function renderEvent(e: EventRecord, apiVersion: string): Record<string, unknown> {
  return {
    id: e.id,
    object: 'event',
    api_version: apiVersion,
    created: e.created,
    data: { object: structuredClone(e.object) },
    livemode: false,
    pending_webhooks: e.pending_webhooks,
    request: { ...e.request },
    type: e.type,
  };
}
