// Public surface of the emulators package: the runner, the list of wirings the stack loops over,
// each emulator's factory and keys, and the shared controls every emulator offers (request log,
// clock, faults, reset, webhook delivery).
export { startEmulators, EMULATOR_NAMES } from './runner.js';
export { EMULATOR_WIRINGS } from './wirings.js';
export { wireEmulators } from './wire.js';
export type { WiredEmulators } from './wire.js';
export { defineWiring, wiringContext } from './shared/wiring.js';
export type { ConnectContext, Connected, EmulatorWiring, PageAllowances, WiringContext } from './shared/wiring.js';
export type { DeliveryState, RetryPolicy, WebhookDeliveryControls } from './shared/webhooks.js';
export type {
  EmulatorName,
  EmulatorControlsMap,
  EmulatorOptionsMap,
  RunningEmulators,
  StartEmulatorsOptions,
} from './runner.js';

export { createClock } from './shared/clock.js';
export type { EmulatorClock, TimeSource } from './shared/clock.js';
export { CONTROL_PREFIX, createEmulatorKit, inProcessFetch } from './shared/kit.js';
export type { Emulator, EmulatorControls, EmulatorKitOptions, Fault } from './shared/kit.js';
export { REDACTED } from './shared/request-log.js';
export type { RecordedRequest } from './shared/request-log.js';

export { createTurnstileEmulator, turnstileBffEnv } from './turnstile/app.js';
export type { MintTokenInput, TurnstileControls, TurnstileEmulator, TurnstileEmulatorOptions } from './turnstile/app.js';
export {
  TURNSTILE_DUMMY_SECRETS,
  TURNSTILE_DUMMY_SITEKEYS,
  TURNSTILE_DUMMY_TOKEN,
  TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_EMULATOR_SITEKEY,
} from './turnstile/keys.js';
export type { TurnstileWidget } from './turnstile/keys.js';
export { TOKEN_TTL_MS as TURNSTILE_TOKEN_TTL_MS, TURNSTILE_OUTCOMES } from './turnstile/tokens.js';
export type { TurnstileOutcome } from './turnstile/tokens.js';
export { SITEVERIFY_PATH as TURNSTILE_SITEVERIFY_PATH } from './turnstile/siteverify.js';
export type { SiteverifyErrorCode as TurnstileSiteverifyErrorCode } from './turnstile/siteverify.js';
export { API_JS_PATH as TURNSTILE_API_JS_PATH, WIDGET_TITLE as TURNSTILE_WIDGET_TITLE } from './turnstile/widget.js';

export * from './stripe/index.js';
export * from './onfido/index.js';
export * from './signicat/index.js';
export * from './id_me/index.js';
export * from './login_gov/index.js';
export * from './bankid/index.js';
export * from './yoti/index.js';
export * from './plaid/index.js';
