// Public surface of the BankID emulator: the factory and its controls, the RP API's errors and
// the fault helper, the QR code formula, the app page's labels and URL, its test people and the
// certificates.
export { createBankIdEmulator } from './app.js';
export type { AppChoice, BankIdControls, BankIdEmulator, BankIdEmulatorOptions, BankIdOrderView } from './app.js';
export { APP_LABELS as BANKID_APP_LABELS, APP_PATH as BANKID_APP_PATH, emulatedAppUrl as bankIdEmulatedAppUrl } from './app-page.js';
export { bankIdCertificates, generateBankIdCertificates } from './certificates.js';
export type { BankIdCertificates } from './certificates.js';
export { BANKID_CONTROL } from './controls-http.js';
export { COLLECTABLE_MS as BANKID_COLLECTABLE_MS, FAILED_HINTS as BANKID_FAILED_HINTS, PENDING_HINTS as BANKID_PENDING_HINTS, START_WITHIN_MS as BANKID_START_WITHIN_MS } from './orders.js';
export { BANKID_PEOPLE } from './people.js';
export type { BankIdPerson } from './people.js';
export { qrPayload as bankIdQrPayload } from './qr.js';
export { BANKID_ERRORS, bankIdErrorBody, bankIdFault, RP_API_BASE as BANKID_RP_API_BASE } from './rp-api.js';
export type { BankIdErrorCode } from './rp-api.js';
export { bankIdWiring } from './wiring.js';
