// The sign-in page an OIDC emulator shows in place of the provider's own (passwords, MFA, identity
// proofing): pick a test person and how the sign-in ends. Plain server-rendered HTML, one form, no
// script and no inline style, so it runs under the strictest CSP and works with any assistive tech.

/** A fictional person the page offers; emulators extend it with the person's data. */
export interface Persona {
  /** Form value and the key tests use: `controls.signIn(url, { person: 'id' })`. */
  readonly id: string;
  readonly name: string;
  /** One short line after the name, e.g. "identity verified with facial match". */
  readonly description: string;
}

/**
 * How the sign-in ends. verified: the person reaches the level the relying party asked for;
 * not_verified: they sign in but reach only the lowest level (an account, no verified identity);
 * cancel: they leave, and the relying party gets error=access_denied.
 */
export const PERSONA_OUTCOMES = ['verified', 'not_verified', 'cancel'] as const;
export type PersonaOutcome = (typeof PERSONA_OUTCOMES)[number];

export const OUTCOME_LABELS: Readonly<Record<PersonaOutcome, string>> = {
  verified: 'Verified',
  not_verified: 'Not verified at this level',
  cancel: 'Cancel (access_denied)',
};

export const PERSON_LEGEND = 'Test person';
export const OUTCOME_LEGEND = 'Outcome';
export const CONTINUE_LABEL = 'Continue';

export interface SignInChoice {
  person: string;
  outcome: PersonaOutcome;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

export function pageHeading(providerName: string): string {
  return `${providerName} (emulator)`;
}

function document(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main>
${main}
</main>
</body>
</html>`;
}

function radio(name: string, value: string, label: string, checked: boolean): string {
  const id = `${name}-${value}`;
  return `<div><input type="radio" id="${escapeHtml(id)}" name="${name}" value="${escapeHtml(value)}"${checked ? ' checked' : ''}> <label for="${escapeHtml(id)}">${label}</label></div>`;
}

export interface PersonaPageInput {
  providerName: string;
  personas: readonly Persona[];
  /** Where the form posts: the interaction's own path (its cookie is scoped to it). */
  action: string;
  /** Lines about the request, e.g. what the relying party asked for. */
  notes?: readonly string[];
  /** Shown as an alert above the form, e.g. after an invalid submission. */
  error?: string;
  selected?: Partial<SignInChoice>;
}

export function renderPersonaPage(input: PersonaPageInput): string {
  const heading = pageHeading(input.providerName);
  const person = input.selected?.person ?? input.personas[0]?.id;
  const outcome = input.selected?.outcome ?? 'verified';
  const people = input.personas
    .map((p) => radio('person', p.id, `<span>${escapeHtml(p.name)}</span>: ${escapeHtml(p.description)}`, p.id === person))
    .join('\n');
  const outcomes = PERSONA_OUTCOMES.map((o) => radio('outcome', o, escapeHtml(OUTCOME_LABELS[o]), o === outcome)).join('\n');
  const notes = (input.notes ?? []).map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  const error = input.error ? `<p role="alert">${escapeHtml(input.error)}</p>\n` : '';
  return document(
    `Sign in: ${heading}`,
    `<h1>${escapeHtml(heading)}</h1>
<p>Test sign-in: no password, second factor or identity proofing. Choose who signs in and how it ends.</p>
${notes}
${error}<form method="post" action="${escapeHtml(input.action)}">
<fieldset>
<legend>${PERSON_LEGEND}</legend>
${people}
</fieldset>
<fieldset>
<legend>${OUTCOME_LEGEND}</legend>
${outcomes}
</fieldset>
<button type="submit">${CONTINUE_LABEL}</button>
</form>`,
  );
}

/** A page for a sign-in that cannot go on (expired interaction, bad request). */
export function renderMessagePage(providerName: string, title: string, lines: readonly string[]): string {
  const heading = pageHeading(providerName);
  return document(
    `${title}: ${heading}`,
    `<h1>${escapeHtml(heading)}</h1>\n<h2>${escapeHtml(title)}</h2>\n${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}`,
  );
}

/**
 * The way back to the relying party after the form: a page that navigates on (meta refresh, a link
 * for the rest), as Login.gov's client-side OIDC redirect does. Chromium applies the sign-in
 * page's form-action to every redirect that follows its POST, through the relying party's own
 * redirects to wherever it sends the person next, which no provider can list; a navigation
 * started by this page is a new one.
 */
export function renderRedirectPage(providerName: string, to: string): string {
  const heading = pageHeading(providerName);
  const href = escapeHtml(to);
  return document(`Signing you in: ${heading}`, `<h1>${escapeHtml(heading)}</h1>\n<p><a href="${href}">Continue to the service</a></p>`).replace(
    '<meta charset="utf-8">',
    `<meta charset="utf-8">\n<meta http-equiv="refresh" content="0;url=${href}">`,
  );
}

/** The target of a page made by renderRedirectPage, or null for any other page. */
export function redirectPageTarget(html: string): string | null {
  const match = /<meta http-equiv="refresh" content="0;url=([^"]*)">/.exec(html);
  return match ? match[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'") : null;
}

/** Reads the form; a missing field takes the page's default, an unknown value is an error. */
export function parseChoice(
  form: Record<string, unknown>,
  personas: readonly Persona[],
): { ok: true; choice: SignInChoice } | { ok: false; error: string } {
  const person = typeof form.person === 'string' ? form.person : personas[0]?.id;
  const outcome = typeof form.outcome === 'string' ? form.outcome : 'verified';
  if (!personas.some((p) => p.id === person)) return { ok: false, error: `Unknown test person ${JSON.stringify(person)}.` };
  if (!(PERSONA_OUTCOMES as readonly string[]).includes(outcome)) return { ok: false, error: `Unknown outcome ${JSON.stringify(outcome)}.` };
  return { ok: true, choice: { person: person!, outcome: outcome as PersonaOutcome } };
}
