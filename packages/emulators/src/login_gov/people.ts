// The Login.gov emulator's test people (all fictional; SSNs start with 900, the sandbox's passing
// range) and what Login.gov tells a relying party about one, after identity-idp's
// OpenidConnectUserInfoPresenter and OpenidConnectAttributeScoper: claims by scope, and identity
// attributes only when proofing was asked for and the person's identity is verified.
import type { Persona } from '../shared/oidc/index.js';
import type { ProofingLevel } from './acr.js';

export interface LoginGovPerson extends Persona {
  /** Verified identity before this sign-in. */
  readonly proofing: ProofingLevel;
  /** Unix time of that verification (none for an account only). */
  readonly verifiedAt?: number;
  readonly email: string;
  readonly allEmails: readonly string[];
  /** The identity a verification (earlier or during this sign-in) established. */
  readonly identity: {
    givenName: string;
    familyName: string;
    birthdate: string;
    ssn: string;
    address: { street: string; city: string; state: string; zip: string };
    phone: string;
  };
}

export const LOGIN_GOV_PEOPLE: readonly LoginGovPerson[] = [
  {
    id: 'facial-match',
    name: 'Marisol Testwell',
    description: 'identity verified with facial match',
    proofing: 'facial_match',
    verifiedAt: 1_735_725_600, // 2025-01-01T10:00:00Z
    email: 'marisol.testwell@example.test',
    allEmails: ['marisol.testwell@example.test', 'm.testwell@example.test'],
    identity: {
      givenName: 'Marisol',
      familyName: 'Testwell',
      birthdate: '1984-07-19',
      ssn: '900123456',
      address: { street: '1200 Emulator Ave NW\nApt 4', city: 'Washington', state: 'DC', zip: '20001' },
      phone: '+12025550143',
    },
  },
  {
    id: 'verified',
    name: 'Desmond Okafor-Test',
    description: 'identity verified without facial match',
    proofing: 'verified',
    verifiedAt: 1_704_103_200, // 2024-01-01T10:00:00Z
    email: 'desmond.okafor@example.test',
    allEmails: ['desmond.okafor@example.test'],
    identity: {
      givenName: 'Desmond',
      familyName: 'Okafor-Test',
      birthdate: '1971-02-03',
      ssn: '900654321',
      address: { street: '88 Sandbox Road', city: 'Springfield', state: 'IL', zip: '62701' },
      phone: '+12175550178',
    },
  },
  {
    id: 'account-only',
    name: 'Ines Accountonly',
    description: 'account only, identity not verified yet (verifies during the sign-in when asked)',
    proofing: 'none',
    email: 'ines.accountonly@example.test',
    allEmails: ['ines.accountonly@example.test'],
    identity: {
      givenName: 'Ines',
      familyName: 'Accountonly',
      birthdate: '1999-11-30',
      ssn: '900777001',
      address: { street: '5 Placeholder Lane', city: 'Austin', state: 'TX', zip: '78701' },
      phone: '+15125550112',
    },
  },
];

/** What one sign-in established, kept with its grant for the id_token and userinfo. */
export interface LoginGovSignIn {
  personId: string;
  /** Pairwise subject: a UUID per person and client. */
  sub: string;
  /** The asserted acr (`acr`, `ial`). */
  acr: string;
  /** The AAL asked for (`aal`). */
  aal: string;
  /** Identity proofing asked for: identity attributes may be shared. */
  proofingRequested: boolean;
  /** The person's verified identity after the sign-in, and since when. */
  proofing: ProofingLevel;
  verifiedAt?: number;
  /** The `locale` the relying party asked for (userinfo's `locale` claim). */
  locale: string;
}

// ATTRIBUTE_SCOPES_MAP: a claim listed here is shared only when one of its scopes was granted.
const SCOPES_OF: Readonly<Record<string, readonly string[]>> = {
  email: ['email'], email_verified: ['email'], all_emails: ['all_emails'], locale: ['locale'],
  address: ['address'], phone: ['phone'], phone_verified: ['phone'],
  given_name: ['profile', 'profile:name'], family_name: ['profile', 'profile:name'],
  birthdate: ['profile', 'profile:birthdate'], verified_at: ['profile', 'profile:verified_at'],
  social_security_number: ['social_security_number'],
  x509_subject: ['x509', 'x509:subject'], x509_presented: ['x509', 'x509:presented'], x509_issuer: ['x509', 'x509:issuer'],
};

/** Every claim the presenter can produce (oidc-provider passes only claims it was told of). */
export const LOGIN_GOV_USER_CLAIMS = ['sub', 'iss', ...Object.keys(SCOPES_OF), 'ial', 'aal'] as const;

/** Login.gov's user_info for a sign-in and its granted scopes: the userinfo body, and the base of the id_token. */
export function userInfo(person: LoginGovPerson, signIn: LoginGovSignIn, scope: string, issuer: string): { sub: string } & Record<string, unknown> {
  const scopes = scope.split(' ');
  const has = (s: string) => scopes.includes(s);
  const info: Record<string, unknown> = { sub: signIn.sub, iss: issuer, email: person.email, email_verified: true };
  if (has('all_emails')) info.all_emails = [...person.allEmails];
  if (has('locale')) info.locale = signIn.locale;
  if (signIn.proofingRequested && signIn.proofing !== 'none') {
    const id = person.identity;
    const street = id.address.street;
    Object.assign(info, {
      given_name: id.givenName,
      family_name: id.familyName,
      birthdate: id.birthdate,
      social_security_number: id.ssn,
      address: {
        formatted: `${street}\n${id.address.city}, ${id.address.state} ${id.address.zip}`,
        street_address: street,
        locality: id.address.city,
        region: id.address.state,
        postal_code: id.address.zip,
      },
      phone: id.phone,
      phone_verified: true,
    });
  }
  if (scopes.some((s) => s.startsWith('x509'))) Object.assign(info, { x509_subject: null, x509_issuer: null, x509_presented: false });
  if (has('profile') || has('profile:verified_at')) info.verified_at = signIn.proofing === 'none' ? null : (signIn.verifiedAt ?? null);
  info.ial = signIn.acr;
  info.aal = signIn.aal;
  const shared = Object.entries(info).filter(([claim]) => !SCOPES_OF[claim] || SCOPES_OF[claim]!.some(has));
  return { ...Object.fromEntries(shared), sub: signIn.sub };
}
