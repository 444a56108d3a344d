// Public surface of the ID.me emulator: the factory, the sandbox consumer's credentials, its
// policies and test people, and the Document Passback constants the BFF's tests can lean on.
export { createIdMeEmulator } from './app.js';
export type { IdMeControls, IdMeEmulator, IdMeEmulatorOptions } from './app.js';
export { ID_ME_EMULATOR_CLIENT_ID, ID_ME_EMULATOR_CLIENT_SECRET, ID_ME_EMULATOR_PASSBACK_TOKEN } from './keys.js';
export type { IdMeConsumer } from './keys.js';
export { ID_ME_POLICY, SANDBOX_POLICIES as ID_ME_SANDBOX_POLICIES } from './policies.js';
export type { Policy as IdMePolicy } from './policies.js';
export { ID_ME_TEST_PEOPLE } from './people.js';
export type { TestPerson as IdMeTestPerson } from './people.js';
export {
  ACCESS_TOKEN_TTL_SECONDS as ID_ME_ACCESS_TOKEN_TTL_SECONDS,
  ID_ME_PATHS,
  REFRESH_TOKEN_TTL_SECONDS as ID_ME_REFRESH_TOKEN_TTL_SECONDS,
} from './provider.js';
export {
  DOCUMENT_RATE_WINDOW_SECONDS as ID_ME_DOCUMENT_RATE_WINDOW_SECONDS,
  DOCUMENT_REQUESTS_PER_WINDOW as ID_ME_DOCUMENT_REQUESTS_PER_WINDOW,
  DOCUMENT_TOKEN_TTL_SECONDS as ID_ME_DOCUMENT_TOKEN_TTL_SECONDS,
} from './documents.js';
export { DOCUMENTS_PATH as ID_ME_DOCUMENTS_PATH, SIZE_BOUNDS as ID_ME_PASSBACK_SIZE_BOUNDS } from './passback.js';
export { ATTRIBUTES_PATH as ID_ME_ATTRIBUTES_PATH, POLICIES_PATH as ID_ME_POLICIES_PATH } from './attributes.js';
