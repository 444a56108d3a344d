// The flow inside the emulated Link, shared by its page (link.ts) and the test controls that act
// as a person in it: open a session on a link token, run one step with what the person entered,
// and describe the result as the page needs it, with the onEvent events Link would report (IDV
// event names and view names only; never the person's data).
import { z } from 'zod';
import { plaidErrors } from './errors.js';
import { MAX_DOCUMENT_ATTEMPTS, VIEW_NAMES, acceptTerms, activeStep, checkData, setOutcome, submitDocument, verifySms, type Change } from './machine.js';
import { SANDBOX_OUTCOMES, randomId, type PlaidUser, type Verification } from './model.js';
import { leslieKnopeUser } from './people.js';
import type { PlaidService } from './service.js';

/** What the person enters for the data check, as the page's form names it. */
export const PersonForm = z.object({
  given_name: z.string().trim().min(1).max(100),
  family_name: z.string().trim().min(1).max(100),
  date_of_birth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  street: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().min(1).max(50),
  postal_code: z.string().trim().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/),
  ssn: z.string().trim().regex(/^(\d{3}-?\d{2}-?\d{4})?$/).optional(),
});
export type PersonForm = z.infer<typeof PersonForm>;

export const LinkStepInput = z.discriminatedUnion('step', [
  z.object({ step: z.literal('accept_tos'), accepted: z.literal(true) }),
  z.object({ step: z.literal('verify_sms'), phone_number: z.string().regex(/^\+[1-9]\d{6,14}$/), code: z.string().max(10) }),
  z.object({ step: z.literal('kyc_check'), person: PersonForm }),
  z.object({ step: z.literal('documentary_verification') }),
]);
export type LinkStepInput = z.infer<typeof LinkStepInput>;
export const LinkOutcome = z.enum(SANDBOX_OUTCOMES);

export function personToUser(p: PersonForm): Partial<PlaidUser> {
  const ssn = p.ssn?.replace(/-/g, '');
  return {
    name: { given_name: p.given_name, family_name: p.family_name },
    date_of_birth: p.date_of_birth,
    address: { street: p.street, street2: null, city: p.city, region: p.region, postal_code: p.postal_code, country: p.country },
    ...(ssn ? { id_number: { value: ssn, type: 'us_ssn' } } : {}),
  };
}

/** The form prefilled: the data the link token or attempt carries where there is some, Leslie Knope's elsewhere. */
export function prefill(u: PlaidUser): PersonForm & { phone_number: string } {
  const leslie = leslieKnopeUser();
  const a = u.address ?? leslie.address!;
  return {
    given_name: u.name?.given_name ?? leslie.name!.given_name,
    family_name: u.name?.family_name ?? leslie.name!.family_name,
    date_of_birth: u.date_of_birth ?? leslie.date_of_birth!,
    street: a.street ?? '',
    city: a.city ?? '',
    region: a.region ?? '',
    postal_code: a.postal_code ?? '',
    country: a.country,
    ssn: u.id_number?.type === 'us_ssn' ? u.id_number.value : leslie.id_number!.value,
    phone_number: u.phone_number ?? leslie.phone_number!,
  };
}

export interface LinkEvent {
  event_name: string;
  metadata: Record<string, unknown>;
}

/** Link's onEvent metadata: every documented key, null unless it applies; no personal data. */
export function eventMetadata(viewName: string | null, linkSessionId: string, at: number): Record<string, unknown> {
  return {
    account_number_mask: null,
    error_type: null,
    error_code: null,
    error_message: null,
    exit_status: null,
    institution_id: null,
    institution_name: null,
    institution_search_query: null,
    is_update_mode: 'false',
    match_reason: null,
    mfa_type: null,
    routing_number: null,
    view_name: viewName,
    selection: null,
    timestamp: new Date(at).toISOString(),
    link_session_id: linkSessionId,
    request_id: randomId(15),
  };
}

export interface LinkView {
  link_session_id: string;
  status: Verification['status'];
  steps: Verification['steps'];
  current_step: string | null;
  view_name: string | null;
  documents_left: number;
  events: LinkEvent[];
}

export function linkView(v: Verification, events: Array<{ name: string; view_name: string | null }>, at: number): LinkView {
  const current = v.status === 'active' ? (activeStep(v) ?? null) : null;
  return {
    link_session_id: v.id,
    status: v.status,
    steps: { ...v.steps },
    current_step: current,
    view_name: current ? VIEW_NAMES[current] : null,
    documents_left: MAX_DOCUMENT_ATTEMPTS - v.documents.length,
    events: events.map((e) => ({ event_name: e.name, metadata: eventMetadata(e.view_name, v.id, at) })),
  };
}

/** How a page reaches its attempt: Link's link token, or a shareable URL's id and key (Plaid-hosted). */
export type LinkAccess = { token: string } | { verification_id: string; key: string };

function sharedAttempt(service: PlaidService, access: { verification_id: string; key: string }): Verification {
  const v = service.state.verifications.get(access.verification_id);
  if (!v || !v.shareable_key || v.shareable_key !== access.key) throw plaidErrors.invalidField('the shareable link is not valid');
  return v;
}

/** Link opens: the session is created or resumed, and its current step starts. */
export function openSession(service: PlaidService, access: LinkAccess): { v: Verification; view: LinkView } {
  let opened;
  if ('token' in access) opened = service.openLink(service.linkToken(access.token));
  else opened = { ...service.start(sharedAttempt(service, access)), resumed: true };
  const { v, resumed, change } = opened;
  const current = v.status === 'active' ? activeStep(v) : undefined;
  const events = [{ name: resumed ? 'IDENTITY_VERIFICATION_RESUME_SESSION' : 'IDENTITY_VERIFICATION_CREATE_SESSION', view_name: null }, ...change.events];
  if (current && !change.events.some((e) => e.name === 'IDENTITY_VERIFICATION_START_STEP')) {
    events.push({ name: 'IDENTITY_VERIFICATION_START_STEP', view_name: VIEW_NAMES[current] });
  }
  return { v, view: linkView(v, events, service.now()) };
}

/** One step the person completes in Link (or on the shareable page). */
export function runStep(service: PlaidService, access: LinkAccess, input: LinkStepInput, outcome?: z.infer<typeof LinkOutcome>): LinkView {
  let v: Verification;
  if ('token' in access) {
    const link = service.linkToken(access.token);
    if (!link.verification_id) throw plaidErrors.invalidField('Link has not opened a session on this token');
    v = service.verification(link.verification_id);
  } else {
    v = sharedAttempt(service, access);
  }
  if (outcome && v.status === 'active') setOutcome(v, outcome);
  const change: Change = service.step(v, (x, now) => {
    if (input.step === 'accept_tos') acceptTerms(x, now);
    else if (input.step === 'verify_sms') verifySms(x, input.phone_number, input.code, now);
    else if (input.step === 'kyc_check') checkData(x, personToUser(input.person), now);
    else submitDocument(x, now);
  });
  return linkView(v, change.events, service.now());
}
