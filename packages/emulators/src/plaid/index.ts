// Public surface of the Plaid Identity Verification emulator: the factory and its controls, the
// sandbox credentials and template, the test person, Link's paths, the webhook signer's pieces,
// the error helpers and the wiring.
export { createPlaidEmulator } from './app.js';
export type { LinkRun, LinkRunResult, PlaidControls, PlaidEmulator, PlaidEmulatorOptions } from './app.js';
export { PLAID_CONTROL } from './controls-http.js';
export { PlaidApiError, plaidErrorJson, plaidErrors } from './errors.js';
export type { PlaidErrorBody } from './errors.js';
export { DEFAULT_TEMPLATE as PLAID_DEFAULT_TEMPLATE, PLAID_EMULATOR_CLIENT_ID, PLAID_EMULATOR_SECRET, PLAID_EMULATOR_TEMPLATE_ID } from './keys.js';
export type { DocumentaryMode as PlaidDocumentaryMode, PlaidTemplate, TemplateSteps as PlaidTemplateSteps } from './keys.js';
export { LINK_PAGE_CSP as PLAID_LINK_PAGE_CSP, LINK_PAGE_PATH as PLAID_LINK_PAGE_PATH, LINK_SCRIPT_PATH as PLAID_LINK_SCRIPT_PATH } from './link.js';
export { MAX_DOCUMENT_ATTEMPTS as PLAID_MAX_DOCUMENT_ATTEMPTS } from './machine.js';
export { IDV_STATUSES as PLAID_IDV_STATUSES, SANDBOX_OUTCOMES as PLAID_SANDBOX_OUTCOMES, STEP_NAMES as PLAID_STEP_NAMES, STEP_STATUSES as PLAID_STEP_STATUSES } from './model.js';
export type { SandboxOutcome as PlaidSandboxOutcome } from './model.js';
export { BEN_WYATT as PLAID_SANDBOX_DATA_ONLY_PERSON, LESLIE_KNOPE as PLAID_SANDBOX_PERSON, SANDBOX_SMS_CODE as PLAID_SANDBOX_SMS_CODE } from './people.js';
export { SIGNING_FAULTS as PLAID_SIGNING_FAULTS, STALE_IAT_SECONDS as PLAID_STALE_IAT_SECONDS, sha256Hex as plaidBodySha256, signPlaidJwt, webhookBody as plaidWebhookBody } from './webhooks.js';
export type { PlaidJwk, PlaidWebhookDelivery, SigningFault as PlaidSigningFault, WebhookCode as PlaidWebhookCode } from './webhooks.js';
export { plaidWiring } from './wiring.js';
