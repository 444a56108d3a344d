// The emulator's test people: fictional, with invented names, dates, addresses and e-mail
// addresses on reserved domains. What ID.me shares about them uses ID.me's attribute handles,
// in attributes.json ({handle, name, value}) and as flat userinfo claims.
import type { Persona } from '../shared/oidc/index.js';

export interface GroupStatus {
  group: string;
  subgroups: string[];
  verified: boolean;
}

/** A persona of the sign-in page (id, name, description) with what ID.me knows of them. */
export interface TestPerson extends Persona {
  /** ID.me's member id (32 hex): the `sub` and the `uuid` attribute. */
  uuid: string;
  fname: string;
  lname: string;
  email: string;
  /** YYYY-MM-DD */
  birthDate: string;
  street: string;
  city: string;
  /** Two-letter USPS code. */
  state: string;
  zip: string;
  /** Group affiliations ID.me has verified for them (a group policy reports these). */
  groups: GroupStatus[];
}

export const ID_ME_TEST_PEOPLE: readonly TestPerson[] = [
  {
    id: 'veteran',
    name: 'Marisol Quintavalle',
    description: 'US Army veteran; driver’s license on file',
    uuid: '7c1a9e2b4d6f48a0b3c5d7e9f1a2b4c6',
    fname: 'Marisol',
    lname: 'Quintavalle',
    email: 'marisol.quintavalle@example.test',
    birthDate: '1979-11-03',
    street: '415 Harborview Test Rd',
    city: 'Norfolk',
    state: 'VA',
    zip: '23503',
    groups: [{ group: 'military', subgroups: ['Veteran'], verified: true }],
  },
  {
    id: 'civilian',
    name: 'Tobias Ellingworth',
    description: 'civilian, no group affiliation; driver’s license on file',
    uuid: '3e5f7a9b1c2d4e6f8091a2b3c4d5e6f7',
    fname: 'Tobias',
    lname: 'Ellingworth',
    email: 'tobias.ellingworth@example.test',
    birthDate: '1992-06-21',
    street: '88 Maple Grove Test Ln',
    city: 'Columbus',
    state: 'OH',
    zip: '43215',
    groups: [],
  },
];

export const DEFAULT_PERSON_ID = 'veteran';

export function personById(id: string): TestPerson | undefined {
  return ID_ME_TEST_PEOPLE.find((p) => p.id === id || p.uuid === id);
}

/** One attribute as attributes.json lists it. */
export interface Attribute {
  handle: string;
  name: string;
  value: unknown;
}

/** The identity attributes, with ID.me's handles; names as ID.me's attribute list shows them [unconfirmed]. */
export function identityAttributes(person: TestPerson): Attribute[] {
  return [
    { handle: 'uuid', name: 'Unique Identifier', value: person.uuid },
    { handle: 'email', name: 'Email', value: person.email },
    { handle: 'fname', name: 'First Name', value: person.fname },
    { handle: 'lname', name: 'Last Name', value: person.lname },
    { handle: 'birth_date', name: 'Birth Date', value: person.birthDate },
    { handle: 'street', name: 'Street', value: person.street },
    { handle: 'city', name: 'City', value: person.city },
    { handle: 'state', name: 'State', value: person.state },
    { handle: 'zip', name: 'Zip Code', value: person.zip },
  ];
}

/** The same attributes as flat claims (OIDC userinfo and id_token). */
export function identityClaims(person: TestPerson): Record<string, string> {
  return Object.fromEntries(identityAttributes(person).map((a) => [a.handle, String(a.value)]));
}
