// Plaid's sandbox test person and how the emulator compares entered data with her, for the data
// (KYC) check and for documents, which in the sandbox always read as her genuine driver's licence
// (plaid.com/docs/identity-verification/testing/, REMAINING-PROVIDERS.md §1 and §5).
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

/** The data check against the sandbox's records, which hold only Leslie Knope. */
export function kycAgainstSandbox(user: PlaidUser): KycResult {
  const a = user.address;
  const region = plain(a?.region);
  return {
    name: summary([plain(user.name?.given_name) === 'leslie', plain(user.name?.family_name) === 'knope'], !!user.name),
    date_of_birth: summary([dateOfBirthMatches(user)], !!user.date_of_birth),
    address: summary(
      [plain(a?.street).startsWith('123main'), plain(a?.city) === 'pawnee', region === 'in' || region === 'indiana', plain(a?.postal_code) === '46001'],
      !!a?.street,
    ),
    id_number: summary([LESLIE_KNOPE.ssns.some((ssn) => plain(user.id_number?.value) === ssn)], !!user.id_number?.value),
    phone_number: summary([plain(user.phone_number).replace(/^1/, '') === '2345678909'], !!user.phone_number),
  };
}

/** Passing needs name, date of birth and address to match; an id number or phone, when given, too. */
export function kycPasses(result: KycResult): boolean {
  const optional = (code: MatchCode) => code === 'match' || code === 'no_input';
  return result.name === 'match' && result.date_of_birth === 'match' && result.address === 'match' && optional(result.id_number) && optional(result.phone_number);
}
