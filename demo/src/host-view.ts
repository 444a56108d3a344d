// Renders the session as the host backend reads it (GET /v1/sessions/:id with the API key):
// the fields a product team acts on, then the raw JSON.
import type { ConsentRecord, HostSession, ProviderResult } from '@identity-verify/contract/schemas';
import type { ReceivedEvent } from '../server/event-inbox.js';
import type { ProfileSummary } from '../server/identity-profile.js';
import { h } from './dom.js';

const STATUS_TEXT: Record<string, string> = {
  requires_input: 'Requires input',
  processing: 'Processing',
  verified: 'Verified',
  needs_review: 'Needs review',
  rejected: 'Rejected',
  canceled: 'Canceled',
  failed: 'Failed',
  expired: 'Expired',
};

const NOTICE_TEXT: Record<string, string> = { privacy_notice: 'Privacy notice', onfido_biometric_us: 'Onfido US biometric notice', onfido_privacy_us: 'Onfido US privacy notice' };

/** Each consent receipt: which notice and version, the decision, when, and the hash of the exact text shown. */
function consentList(consents: readonly ConsentRecord[]): Node | string {
  if (!consents.length) return 'None yet';
  return h(
    'ul',
    { class: 'plain' },
    ...consents.map((c) =>
      h('li', {}, `${NOTICE_TEXT[c.notice] ?? c.notice} ${c.version}: ${c.decision}, ${new Date(c.recorded_at).toLocaleString()} (${c.locale}, text sha256 `, h('code', {}, c.text_sha256.slice(0, 12)), ')'),
    ),
  );
}

/** The provider's own verdict: each report's result and sub-result (the breakdown is in the raw JSON). */
function providerResult(result: ProviderResult | null): Node | string {
  if (!result) return 'None yet';
  if (result.provider_key === 'signicat_onfido') {
    const { document_verification: doc, facial_similarity: face } = result.provider;
    const lines = [
      `${result.provider_key} ${result.status}${result.fail_reason ? ` (${result.fail_reason})` : ''}`,
      ...(doc ? [`document: ${doc.result ?? 'no result'}${doc.sub_result ? ` (${doc.sub_result})` : ''}`] : []),
      ...(face ? [`face: ${face.result ?? 'no result'}, similarity ${face.similarity_score ?? 'unknown'}`] : []),
    ];
    return h('ul', { class: 'plain' }, ...lines.map((line) => h('li', {}, line)));
  }
  if (result.provider_key === 'onfido') {
    const reports = result.reports.map((r) => `${r.name}: ${r.result ?? r.status}${r.sub_result ? ` (${r.sub_result})` : ''}`);
    return h('ul', { class: 'plain' }, h('li', {}, `${result.provider_key} ${result.status}, ${result.result ?? 'no result yet'}`), ...reports.map((r) => h('li', {}, r)));
  }
  // Any other provider's verdict: its fields as they are (the contract keeps personal data out of it).
  const fields = Object.entries(result).filter(([name]) => name !== 'provider_key');
  return h('ul', { class: 'plain' }, h('li', {}, result.provider_key), ...fields.map(([name, value]) => h('li', {}, `${name}: ${Array.isArray(value) ? value.join(', ') || 'none' : String(value ?? 'none')}`)));
}

/** The BFF's events this backend received for the session, each with its signature checked. */
function eventList(events: readonly ReceivedEvent[]): Node | string {
  if (!events.length) return 'None yet';
  return h('ul', { class: 'plain' }, ...events.map((e) => h('li', {}, `${e.type}, signature verified, ${new Date(e.created_at).toLocaleString()} (`, h('code', {}, e.id), ')')));
}

/** How the person was verified, from the identity profile report (seed 004): its personal fields are named, not shown. */
function identityProfile(profile: ProfileSummary | null): Node | string {
  if (!profile) return 'None: only a verified identity session has one';
  const schemes = profile.schemes.length
    ? profile.schemes.map((s) => `${s.type}${s.objective ? ` ${s.objective}` : ''}: ${s.met ? 'met' : `not met${s.not_met_info ? ` (${s.not_met_info})` : ''}`}`).join('; ')
    : 'none certified';
  const lines = [
    `Trust framework: ${profile.trust_framework === 'NONE' ? 'none certified by the provider' : profile.trust_framework}; schemes: ${schemes}`,
    `Assurance: ${profile.assurance.level} (${profile.assurance.policy}${profile.assurance.procedure ? `, ${profile.assurance.procedure}` : ''})`,
    ...profile.documents.map((d) => `Document, verified by ${d.verifying_org}: ${d.checks.join(', ') || 'no checks reported'}`),
    ...(profile.face ? [`Face, verified by ${profile.face.verifying_org}: ${profile.face.liveness} liveness`] : []),
    ...profile.electronic_records.map((r) => `Electronic record, verified by ${r.verifying_org}`),
    ...(profile.authentication ? [`Authentication: ${profile.authentication.level} (${profile.authentication.policy})`] : []),
    `Personal fields in the report (kept on the host's backend): ${profile.asserted.join(', ')}`,
  ];
  return h('ul', { class: 'plain' }, ...lines.map((line) => h('li', {}, line)));
}

export function renderHostView(
  container: HTMLElement,
  session: HostSession | null,
  note?: string,
  consents: readonly ConsentRecord[] = [],
  events: readonly ReceivedEvent[] = [],
  profile: ProfileSummary | null = null,
): void {
  if (!session) {
    container.replaceChildren(h('p', {}, note ?? 'No session yet.'));
    return;
  }
  const claims = session.claims.length
    ? h('ul', { class: 'plain' }, ...session.claims.map((claim) => h('li', {}, `${claim.type} (${claim.provider_key}, assurance ${claim.assurance_level})`)))
    : 'None';
  const rows: Array<[string, Node | string]> = [
    ['Session ID', h('code', {}, session.id)],
    ['Status', h('span', { class: `badge status-${session.status}` }, STATUS_TEXT[session.status] ?? session.status)],
    ['Provider', session.provider_key ?? 'None yet'],
    ['Claims', claims],
    ['Last error', session.last_error ? `${session.last_error.code}: ${session.last_error.reason}` : 'None'],
    ['Country of residence', session.country_of_residence ?? 'Not given yet'],
    ['Consents', consentList(consents)],
    ['Provider result', providerResult(session.provider_result)],
    ['Identity profile', identityProfile(profile)],
    ['Events received', eventList(events)],
    ['Requirements', `${session.requirements.layer}, assurance ${session.requirements.min_assurance} or higher`],
    ['Expires', new Date(session.expires_at).toLocaleString()],
  ];
  const list = h('dl', { class: 'facts' });
  for (const [term, value] of rows) list.append(h('dt', {}, term), h('dd', {}, value));
  const raw = h(
    'details',
    {},
    h('summary', {}, 'Raw JSON'),
    h('pre', { tabindex: '0', 'aria-label': 'Session JSON' }, h('code', {}, JSON.stringify(session, null, 2))),
  );
  container.replaceChildren(...(note ? [h('p', { class: 'hint' }, note)] : []), list, raw);
}
