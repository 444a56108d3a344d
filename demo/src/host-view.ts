// Renders the session as the host backend reads it (GET /v1/sessions/:id with the API key):
// the fields a product team acts on, then the raw JSON.
import type { HostSession } from '@identity-verify/contract/schemas';
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

export function renderHostView(container: HTMLElement, session: HostSession | null, note?: string): void {
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
