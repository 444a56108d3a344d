// The test people the emulated user view offers: who holds which document. All invented; what
// Yoti would read from the document (name, date of birth, address) comes from here.
export interface YotiTestPerson {
  id: string;
  givenNames: string;
  firstName: string;
  middleName?: string;
  familyName: string;
  /** yyyy-mm-dd */
  dateOfBirth: string;
  document: { type: 'PASSPORT' | 'DRIVING_LICENCE' | 'NATIONAL_ID'; issuingCountry: string; number: string; expiry: string };
  address: { address_format: number; building_number?: string; address_line1: string; town_city: string; postal_code: string; country_iso: string; country: string; formatted_address: string };
  /** Shown in the user view beside the name. */
  description: string;
}

export const YOTI_PEOPLE: readonly YotiTestPerson[] = [
  {
    id: 'amelia',
    givenNames: 'Amelia Grace',
    firstName: 'Amelia',
    middleName: 'Grace',
    familyName: 'Sandford',
    dateOfBirth: '1988-04-12',
    document: { type: 'PASSPORT', issuingCountry: 'GBR', number: '533401372', expiry: '2031-06-30' },
    address: { address_format: 1, building_number: '14', address_line1: '14 Harbour Row', town_city: 'Bristol', postal_code: 'BS1 4QA', country_iso: 'GBR', country: 'United Kingdom', formatted_address: '14 Harbour Row\nBristol\nBS1 4QA\nUnited Kingdom' },
    description: 'UK passport',
  },
  {
    id: 'oliver',
    givenNames: 'Oliver James',
    firstName: 'Oliver',
    middleName: 'James',
    familyName: 'Pemberton',
    dateOfBirth: '1975-11-02',
    document: { type: 'DRIVING_LICENCE', issuingCountry: 'GBR', number: 'PEMBE711025OJ9XY', expiry: '2029-03-15' },
    address: { address_format: 1, building_number: '3', address_line1: '3 Mill Lane', town_city: 'York', postal_code: 'YO1 7HH', country_iso: 'GBR', country: 'United Kingdom', formatted_address: '3 Mill Lane\nYork\nYO1 7HH\nUnited Kingdom' },
    description: 'UK driving licence',
  },
  {
    id: 'lucia',
    givenNames: 'Lucía',
    firstName: 'Lucía',
    familyName: 'Ferrer Ortega',
    dateOfBirth: '1994-07-21',
    document: { type: 'NATIONAL_ID', issuingCountry: 'ESP', number: '99999999R', expiry: '2030-01-09' },
    address: { address_format: 1, address_line1: 'Calle de la Prueba 5', town_city: 'Madrid', postal_code: '28001', country_iso: 'ESP', country: 'Spain', formatted_address: 'Calle de la Prueba 5\n28001 Madrid\nSpain' },
    description: 'Spanish national identity card',
  },
];

export function yotiPerson(id: string | undefined): YotiTestPerson | undefined {
  return id === undefined ? YOTI_PEOPLE[0] : YOTI_PEOPLE.find((p) => p.id === id);
}

export const fullName = (p: YotiTestPerson): string => `${p.givenNames} ${p.familyName}`;
