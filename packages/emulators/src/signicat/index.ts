// Public surface of the Signicat Assure emulator (Assure with Onfido): the factory, its client
// credentials, the path table with its confidence tags, the event signer and verifier the BFF
// shares, the Onfido link (the SDK variant), and the vocabularies tests and adapters use.
export { createSignicatEmulator } from './app.js';
export type { SignicatControls, SignicatEmulator, SignicatEmulatorOptions } from './app.js';
export {
  SIGNICAT_DEFAULT_SCOPE,
  SIGNICAT_EMULATOR_CLIENT_ID,
  SIGNICAT_EMULATOR_CLIENT_SECRET,
  SIGNICAT_EMULATOR_EVENT_SECRET,
} from './keys.js';
export type { SignicatClient } from './keys.js';
export { SIGNICAT_TOKEN_TTL_SECONDS } from './auth.js';
export { ASSURE_PATHS } from './paths.js';
export type { AssureOperation, AssurePath, Confidence as AssurePathConfidence } from './paths.js';
export {
  ASSURE_EVENT_NAMES,
  SIGNICAT_EVENT_SIGNATURE_HEADER,
  signSignicatEvent,
  verifySignicatEvent,
} from './events.js';
export type {
  EventFilter as SignicatEventFilter,
  SignicatEventDelivery,
  SignicatEventRecord,
  SignicatSubscriber,
  SignicatSubscriberInput,
} from './events.js';
export type { SignicatFailure } from './failures.js';
export type { SignicatOnfidoLink } from './onfido-account.js';
export { ASSURE_APPLICANT_NAMES } from './onfido-account.js';
export type { AssureProblemBody } from './errors.js';
export { SIGNICAT_IMAGE_LIMITS } from './images.js';
export { DOCUMENT_TYPES as ASSURE_DOCUMENT_TYPES, FINAL_STATUSES as ASSURE_FINAL_STATUSES, PROCESS_TYPES as ASSURE_PROCESS_TYPES } from './model.js';
export type { DocumentType as AssureDocumentType, FinalStatus as AssureFinalStatus, ProcessStatus as AssureProcessStatus, ProcessType as AssureProcessType } from './model.js';
export { SIGNICAT_TEST_PERSON } from './results.js';
