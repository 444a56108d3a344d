// Public surface of the Stripe Identity emulator: the factory, its keys and paths, the webhook
// signer, and the spec validator the contract tests use (the BFF adapter's tests can use it too).
export { createStripeEmulator, STRIPE_DEFAULT_API_VERSION } from './app.js';
export type { StripeControls, StripeEmulator, StripeEmulatorOptions } from './app.js';
export {
  STRIPE_EMULATOR_PUBLISHABLE_KEY,
  STRIPE_EMULATOR_RESTRICTED_KEY,
  STRIPE_EMULATOR_SECRET_KEY,
  STRIPE_EMULATOR_WEBHOOK_SECRET,
} from './keys.js';
export type { StripeKeyOptions, StripeKeys } from './keys.js';
export { signStripePayload, stripeSignature } from './webhooks.js';
export type { ReleaseOrder, WebhookDelivery, WebhookEndpoint, WebhookEndpointInput } from './webhooks.js';
export { HOSTED_PAGE_PREFIX, HOSTED_PAGE_TITLE, MODAL_PATH, MODAL_TITLE, STRIPE_JS_PATH } from './hosted.js';
export { IDENTITY_FILE_LINK_MAX_SECONDS } from './files-api.js';
export { LAST_ERROR_CODES, TEST_PERSON } from './model.js';
export type { Outcome } from './model.js';
export { responseSchema, validate as validateAgainstStripeSpec, STRIPE_SPEC, SPEC_API_VERSION } from './openapi.js';
export type { Issue as StripeSpecIssue, JsonSchema } from './openapi.js';
