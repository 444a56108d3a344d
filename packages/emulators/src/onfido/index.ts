// Public surface of the Onfido v3.6 emulator: the factory, its keys, the webhook signer and
// verifier, the SDK-token helpers, the emulated Web SDK's path, and the vocabularies tests and
// adapters share.
export { createOnfidoEmulator } from './app.js';
export type { OnfidoControls, OnfidoEmulator, OnfidoEmulatorOptions } from './app.js';
export { ONFIDO_EMULATOR_API_TOKEN, ONFIDO_EMULATOR_WEBHOOK_TOKEN } from './keys.js';
export type { OnfidoKeyOptions } from './keys.js';
export { signOnfidoPayload, verifyOnfidoSignature } from './webhooks.js';
export type { WebhookDelivery as OnfidoWebhookDelivery, WebhookInput as OnfidoWebhookInput } from './webhooks.js';
export { SDK_TOKEN_TTL_SECONDS, SDK_URL_KEYS } from './sdk-token.js';
export type { SdkTokenClaims as OnfidoSdkTokenClaims } from './sdk-token.js';
export { UPLOAD_LIMITS as ONFIDO_UPLOAD_LIMITS } from './media.js';
export { BASE_PATH as ONFIDO_BASE_PATH } from './model.js';
export type { WorkflowRunStatus as OnfidoWorkflowRunStatus } from './model.js';
export { WEB_SDK_PATH as ONFIDO_WEB_SDK_PATH } from './web-sdk.js';
export { REPORT_NAMES as ONFIDO_REPORT_NAMES } from './vocabulary.js';
export type { OnfidoErrorBody } from './errors.js';
