// The people whose BankID is on the emulated phone. All fictional; their personal numbers are
// 12-digit Swedish personnummer with a valid check digit (BankID's test environment takes any
// valid personnummer for a test BankID made at demo.bankid.com). 199908072391 is the person
// ActiveLogin's BankID simulator answers with; the others were made for this emulator.

export interface BankIdPerson {
  /** Form value and the key tests use: `controls.scan(ref, { person: 'anna' })`. */
  readonly id: string;
  readonly personalNumber: string;
  readonly givenName: string;
  readonly surname: string;
  /** When this BankID was issued (completionData.bankIdIssueDate). */
  readonly bankIdIssueDate: string;
  /** A blocked or too old BankID: identifying fails with certificateErr, as the real app's would. */
  readonly blocked?: boolean;
  /** One short line after the name on the app page. */
  readonly description: string;
}

export const BANKID_PEOPLE: readonly BankIdPerson[] = [
  {
    id: 'anna',
    personalNumber: '199908072391',
    givenName: 'Anna',
    surname: 'Testsson',
    bankIdIssueDate: '2023-01-01',
    description: 'a valid Mobile BankID',
  },
  {
    id: 'erik',
    personalNumber: '197802022389',
    givenName: 'Erik',
    surname: 'Provström',
    bankIdIssueDate: '2024-03-15',
    description: 'a valid Mobile BankID',
  },
  {
    id: 'blocked',
    personalNumber: '198508232389',
    givenName: 'Sven',
    surname: 'Spärrsson',
    bankIdIssueDate: '2015-06-01',
    blocked: true,
    description: 'a blocked BankID (identifying fails with certificateErr)',
  },
];

export const fullName = (p: BankIdPerson) => `${p.givenName} ${p.surname}`;

export function findPerson(id: string | undefined): BankIdPerson | undefined {
  return BANKID_PEOPLE.find((p) => p.id === id);
}

/** A 12-digit personnummer (YYYYMMDDNNNC) whose last digit is the Luhn check of the 9 before it. */
export function isPersonalNumber(value: string): boolean {
  if (!/^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{4}$/.test(value)) return false;
  const digits = value.slice(2, 11).split('').map(Number);
  const sum = digits.reduce((acc, d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    return acc + Math.floor(v / 10) + (v % 10);
  }, 0);
  return (10 - (sum % 10)) % 10 === Number(value[11]);
}
