// Public surface of the Yoti IDV emulator: the factory and its controls, the app keys and the
// request signer, the session specification's vocabulary, the user view's paths, labels and codes,
// the test people, and the wiring.
export { createYotiEmulator } from './app.js';
export type { UserChoice as YotiUserChoice, YotiControls, YotiEmulator, YotiEmulatorOptions, YotiSessionView } from './app.js';
export { YOTI_CONTROL } from './controls-http.js';
export { YOTI_ERRORS, yotiErrorBody } from './errors.js';
export type { YotiErrorCode } from './errors.js';
export { generateYotiApp, oneLinePem as yotiOneLinePem, YOTI_EMULATOR_SDK_ID, yotiEmulatorApp } from './keys.js';
export type { YotiApp, YotiAppWithKey } from './keys.js';
export { API_BASE as YOTI_API_BASE, SANDBOX_API_BASE as YOTI_SANDBOX_API_BASE } from './model.js';
export { notificationAuthorization as yotiNotificationAuthorization } from './notifications.js';
export type { NotificationDelivery as YotiNotificationDelivery } from './notifications.js';
export { YOTI_PEOPLE } from './people.js';
export type { YotiTestPerson } from './people.js';
export { RECOMMENDATIONS as YOTI_RECOMMENDATIONS } from './response-config.js';
export { digestMessage as yotiDigestMessage, signYotiMessage, TIMESTAMP_WINDOW_MS as YOTI_TIMESTAMP_WINDOW_MS } from './signing.js';
export { NOTIFICATION_TOPICS as YOTI_NOTIFICATION_TOPICS, SCHEMES as YOTI_SCHEMES } from './specification.js';
export { LAUNCH_ERROR_CODES as YOTI_LAUNCH_ERROR_CODES, WEB_ERROR_CODES as YOTI_WEB_ERROR_CODES } from './user-flow.js';
export type { ClientEvent as YotiClientEvent, WebErrorCode as YotiWebErrorCode } from './user-flow.js';
export { USER_VIEW_CSP as YOTI_USER_VIEW_CSP, WEB_INDEX_PATH as YOTI_WEB_INDEX_PATH, WEB_LABELS as YOTI_WEB_LABELS } from './web-client.js';
export { YOTI_EMULATOR_NOTIFICATION_TOKEN, YOTI_WEBHOOK_PATH, yotiWiring } from './wiring.js';
