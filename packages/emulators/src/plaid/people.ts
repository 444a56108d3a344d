// Plaid's sandbox test people and how the emulator compares entered data with them: the data
// (KYC) check knows Leslie Knope and the data-source-only Ben Wyatt; documents always read as
// Leslie Knope's genuine driver's licence (plaid.com/docs/identity-verification/testing/,
// REMAINING-PROVIDERS.md §1 and §5).
import type { KycResult, MatchCode, PlaidUser } from './model.js';

/** The SMS code that verifies any number in the sandbox. */
export const SANDBOX_SMS_CODE = '11111';

export const LESLIE_KNOPE = {
  name: { given_name: 'Leslie', family_name: 'Knope' },
  date_of_birth: '1975-01-18',
  phone_number: '+12345678909',
  email_address: 'leslie.knope@example.com',
  address: { street: '123 Main St.', street2: null, city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
  /** Either SSN passes. */
  ssns: ['123456788', '123456789'],
  id_number: { value: '123456789', type: 'us_ssn' },
} as const;

/** Her data as the emulated Link prefills it. */
export function leslieKnopeUser(): PlaidUser {
  return {
    phone_number: LESLIE_KNOPE.phone_number,
    date_of_birth: LESLIE_KNOPE.date_of_birth,
    ip_address: null,
    email_address: LESLIE_KNOPE.email_address,
    name: { ...LESLIE_KNOPE.name },
    address: { ...LESLIE_KNOPE.address },
    id_number: { ...LESLIE_KNOPE.id_number },
  };
}

/** The document every sandbox upload reads as: Leslie Knope's Indiana driver's licence. */
export const SANDBOX_DOCUMENT = {
  id_number: 'K1975011800',
  category: 'drivers_license',
  expiration_date: '2031-01-18',
  issue_date: '2023-01-18',
  issuing_country: 'US',
  issuing_region: 'IN',
  date_of_birth: LESLIE_KNOPE.date_of_birth,
  address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
  name: { ...LESLIE_KNOPE.name },
} as const;

/**
 * Plaid's Data Source-only test user: passes the data check, fails documents (they read as Leslie
 * Knope's). Any day and month of 1974 is his date of birth.
 */
export const BEN_WYATT = {
  name: { given_name: 'Ben', family_name: 'Wyatt' },
  date_of_birth_year: '1974',
  phone_number: '+16667778888',
  address: { street: '620 Worster Ave Apt 101', street2: null, city: 'Sherman Oaks', region: 'CA', postal_code: '91423', country: 'US' },
  ssn: '111223333',
} as const;

const plain = (s: string | null | undefined) => (s ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');

export function nameMatches(user: PlaidUser): boolean {
  return plain(user.name?.given_name) === 'leslie' && plain(user.name?.family_name) === 'knope';
}

export function dateOfBirthMatches(user: PlaidUser): boolean {
  return user.date_of_birth === LESLIE_KNOPE.date_of_birth;
}

function summary(matches: boolean[], given: boolean): MatchCode {
  if (!given) return 'no_input';
  if (matches.every(Boolean)) return 'match';
  return matches.some(Boolean) ? 'partial_match' : 'no_match';
}

interface SandboxRecord {
  given: string;
  family: string;
  dob: (date: string) => boolean;
  street: string;
  city: string;
  regions: readonly string[];
  postal: string;
  ssns: readonly string[];
  phone: string;
}

/** The sandbox's records: the data check compares with each and reports the closest. */
const RECORDS: readonly SandboxRecord[] = [
  { given: 'leslie', family: 'knope', dob: (d) => d === LESLIE_KNOPE.date_of_birth, street: '123main', city: 'pawnee', regions: ['in', 'indiana'], postal: '46001', ssns: LESLIE_KNOPE.ssns, phone: '12345678909' },
  { given: 'ben', family: 'wyatt', dob: (d) => d.startsWith(`${BEN_WYATT.date_of_birth_year}-`), street: '620worster', city: 'shermanoaks', regions: ['ca', 'california'], postal: '91423', ssns: [BEN_WYATT.ssn], phone: '16667778888' },
];

function compare(user: PlaidUser, r: SandboxRecord): KycResult {
  const a = user.address;
  return {
    name: summary([plain(user.name?.given_name) === r.given, plain(user.name?.family_name) === r.family], !!user.name),
    date_of_birth: summary([r.dob(user.date_of_birth ?? '')], !!user.date_of_birth),
    address: summary([plain(a?.street).startsWith(r.street), plain(a?.city) === r.city, r.regions.includes(plain(a?.region)), plain(a?.postal_code) === r.postal], !!a?.street),
    id_number: summary([r.ssns.includes(plain(user.id_number?.value))], !!user.id_number?.value),
    phone_number: summary([plain(user.phone_number) === r.phone], !!user.phone_number),
  };
}

const score = (k: KycResult) => Object.values(k).filter((c) => c === 'match').length;

/** The data check against the sandbox's records (Leslie Knope, Ben Wyatt): the closest one's result. */
export function kycAgainstSandbox(user: PlaidUser): KycResult {
  const results = RECORDS.map((r) => compare(user, r));
  return results.find(kycPasses) ?? results.reduce((best, k) => (score(k) > score(best) ? k : best));
}

/** Passing needs name, date of birth and address to match; an id number or phone, when given, too. */
export function kycPasses(result: KycResult): boolean {
  const optional = (code: MatchCode) => code === 'match' || code === 'no_input';
  return result.name === 'match' && result.date_of_birth === 'match' && result.address === 'match' && optional(result.id_number) && optional(result.phone_number);
}
