// The person panel: this browser's demo user id (the subject), its claims as the host backend
// reads them (tick some to issue a passport, or revoke one) and its passports, each with what
// introspection answers now. Statuses are words, never colour alone.
import type { IdentityClaim } from '@identity-verify/contract/schemas';
import type { PassportView, PersonView } from '../server/person.js';
import { h } from './dom.js';

export interface PersonActions {
  issue(claimIds: string[]): void;
  revoke(claim: IdentityClaim): void;
}

const STATUS_TEXT: Record<string, string> = { active: 'Active', revoked: 'Revoked', expired: 'Expired' };
const REVOKED_WHY: Record<string, string> = { claim_revoked: 'a claim it carried was revoked', revoked: 'revoked by the host' };
const when = (iso: string) => new Date(iso).toLocaleString();
const badge = (status: string) => h('span', { class: `badge status-${status === 'active' ? 'verified' : 'expired'}` }, STATUS_TEXT[status] ?? status);

/** A claim's name: its type, and for a delegation the scopes the person delegated. */
const claimName = (claim: IdentityClaim) => (claim.delegated_scopes ? `${claim.type} (${claim.delegated_scopes.join(', ')})` : claim.type);

function claimItem(claim: IdentityClaim, checked: boolean, actions: PersonActions): HTMLLIElement {
  const active = claim.status === 'active';
  const revoke = h('button', { type: 'button', id: `revoke-${claim.id}`, disabled: !active }, 'Revoke', h('span', { class: 'visually-hidden' }, ` ${claim.type}`));
  revoke.addEventListener('click', () => actions.revoke(claim));
  return h(
    'li',
    { class: 'card' },
    h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'claim', value: claim.id, id: `carry-${claim.id}`, checked: checked && active, disabled: !active }), ` ${claimName(claim)}`),
    h(
      'p',
      { class: 'hint' },
      `${claim.provider_key}, assurance ${claim.assurance_level}, `,
      badge(claim.status),
      claim.revoked_at ? ` ${when(claim.revoked_at)}` : `, expires ${when(claim.expires_at)}`,
    ),
    revoke,
  );
}

function passportItem(passport: PassportView, claims: readonly IdentityClaim[]): HTMLLIElement {
  const carried = passport.claim_ids.map((id) => claims.find((c) => c.id === id)?.type ?? id).join(', ');
  const why = passport.revoked_reason ? ` (${passport.revoked_reason}: ${REVOKED_WHY[passport.revoked_reason] ?? 'revoked'})` : '';
  const lines: Array<[string, Node | string]> = [
    ['Status', h('span', {}, badge(passport.status), why)],
    ['Carries', carried],
    ['Introspection', passport.introspection ?? 'not asked (only the newest ten this server issued are)'],
    [passport.revoked_at ? 'Revoked' : 'Expires', when(passport.revoked_at ?? passport.expires_at)],
  ];
  return h('li', { class: 'card' }, h('p', {}, 'Passport ', h('code', {}, passport.id)), h('ul', { class: 'plain' }, ...lines.map(([term, value]) => h('li', {}, `${term}: `, value))));
}

let shown = '';

/**
 * Renders the person, unless nothing changed since the last render (the panel is refreshed on
 * every widget event): the ticks a tester made and the focus are kept across a re-render.
 */
export function renderPersonView(container: HTMLElement, person: PersonView | null, actions: PersonActions, note?: string): void {
  const key = JSON.stringify([person, note]);
  if (key === shown) return;
  shown = key;
  if (!person?.subject) {
    container.replaceChildren(h('p', {}, note ?? 'No person yet: start a verification, and the claims it issues show here.'));
    return;
  }
  const ticked = new Set([...container.querySelectorAll<HTMLInputElement>('input[name="claim"]:checked')].map((input) => input.value));
  const focused = container.contains(document.activeElement) ? document.activeElement?.id : undefined;

  const subject = h('dl', { class: 'facts' }, h('dt', {}, 'Subject'), h('dd', {}, h('code', {}, person.subject)));
  const form = h(
    'form',
    { id: 'passport-form' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Claims'),
      person.claims.length
        ? h('ul', { class: 'cards' }, ...person.claims.map((claim) => claimItem(claim, ticked.has(claim.id), actions)))
        : h('p', {}, 'None yet: a verification issues them.'),
    ),
    h('p', { class: 'hint', id: 'passport-hint' }, 'A passport carries the ticked claims for an hour: a humanity claim in full, an identity claim by its claim_ref only, a delegation with its scopes.'),
    h('button', { type: 'submit', id: 'issue-passport', disabled: !person.claims.some((c) => c.status === 'active'), 'aria-describedby': 'passport-hint' }, 'Issue a passport'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    actions.issue(new FormData(form).getAll('claim').map(String));
  });
  const passports = person.passports.length
    ? h('ul', { class: 'cards', 'aria-labelledby': 'passports-heading' }, ...person.passports.map((p) => passportItem(p, person.claims)))
    : h('p', {}, 'None yet.');
  const events = person.events.length
    ? h('ul', { class: 'plain', 'aria-labelledby': 'person-events-heading' }, ...person.events.map((e) => h('li', {}, `${e.type}, signature verified, ${when(e.created_at)} (`, h('code', {}, e.id), ')')))
    : h('p', {}, 'None yet.');
  container.replaceChildren(
    ...(note ? [h('p', { class: 'hint' }, note)] : []),
    subject,
    form,
    h('h3', { id: 'passports-heading' }, 'Passports'),
    passports,
    h('h3', { id: 'person-events-heading' }, 'Events received'),
    events,
  );
  if (focused) document.getElementById(focused)?.focus();
}

/** While an action runs, its panel is busy and its buttons disabled; after it, the next render is a whole one (buttons enabled again). */
export function setPersonBusy(container: HTMLElement, busy: boolean): void {
  container.setAttribute('aria-busy', String(busy));
  for (const button of container.querySelectorAll('button')) {
    if (busy) button.setAttribute('disabled', '');
  }
  if (!busy) shown = '';
}
