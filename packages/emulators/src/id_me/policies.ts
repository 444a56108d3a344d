// The policies of the emulated ID.me consumer: what GET /api/public/v3/policies lists, which
// handle a relying party sends as an OAuth scope, and which policy a sign-in actually completed
// (the id_token's acr). ID.me's handles for identity policies are per tenant; ours follow the
// idmanagement.gov wording a government consumer sees [PROVIDERS.md §4, unconfirmed].

export const ID_ME_POLICY = {
  /** Identity proofing not required: the person signed in with two factors (IAL1 / AAL2). */
  ial1: 'http://idmanagement.gov/ns/assurance/ial/1/aal/2',
  /** Identity proofed against a document (IAL2 / AAL2): the policy Document Passback serves. */
  ial2: 'http://idmanagement.gov/ns/assurance/ial/2/aal/2',
  /** A group policy: the person's military affiliation verified. */
  military: 'military',
} as const;

export type PolicyHandle = (typeof ID_ME_POLICY)[keyof typeof ID_ME_POLICY];

export interface PolicyGroup {
  name: string;
  handle: string;
  subgroups: string[];
}

/** One entry of GET /api/public/v3/policies. */
export interface Policy {
  name: string;
  handle: string;
  active: boolean;
  groups: PolicyGroup[];
}

export const MILITARY_SUBGROUPS = ['Service Member', 'Veteran', 'Military Spouse', 'Military Family'] as const;

export const SANDBOX_POLICIES: readonly Policy[] = [
  { name: 'Identity Verification (IAL1/AAL2)', handle: ID_ME_POLICY.ial1, active: true, groups: [] },
  { name: 'Identity Verification (IAL2/AAL2)', handle: ID_ME_POLICY.ial2, active: true, groups: [] },
  {
    name: 'Military',
    handle: ID_ME_POLICY.military,
    active: true,
    groups: [{ name: 'Military', handle: 'military', subgroups: [...MILITARY_SUBGROUPS] }],
  },
];

export const POLICY_HANDLES: readonly string[] = SANDBOX_POLICIES.map((p) => p.handle);

/** What the person chose on the emulated sign-in page. */
export type SignInOutcome = 'verified' | 'not_verified';

/**
 * The policy a sign-in completed, given the scopes asked for: "Verified" completes the strongest
 * policy requested that the person can complete (only someone with a military affiliation passes
 * the military policy); "Not verified at this level" leaves a two-factor sign-in (IAL1), as a
 * person who could not prove their identity or affiliation still holds an ID.me login.
 */
export function completedPolicy(scopes: readonly string[], outcome: SignInOutcome, groups: readonly string[]): PolicyHandle {
  if (outcome === 'not_verified') return ID_ME_POLICY.ial1;
  if (scopes.includes(ID_ME_POLICY.ial2)) return ID_ME_POLICY.ial2;
  if (scopes.includes(ID_ME_POLICY.military) && groups.includes('military')) return ID_ME_POLICY.military;
  return ID_ME_POLICY.ial1;
}

/** Which attribute handles each completed policy releases: proofed data only after IAL2 [our choice]. */
export const RELEASED_HANDLES: Readonly<Record<PolicyHandle, readonly string[]>> = {
  [ID_ME_POLICY.ial1]: ['uuid', 'email'],
  [ID_ME_POLICY.military]: ['uuid', 'email', 'fname', 'lname'],
  [ID_ME_POLICY.ial2]: ['uuid', 'email', 'fname', 'lname', 'birth_date', 'street', 'city', 'state', 'zip'],
};
