// The Yoti IDV emulator: the signed IDV API (production and sandbox bases over one state), the
// sandbox response configuration, the emulated user view for the host page's iframe, session
// notifications through the shared dispatcher, and controls that act as the user without a browser.
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { createEmulatorKit, inProcessFetch, type Emulator, type EmulatorControls } from '../shared/kit.js';
import type { WebhookDeliveryControls } from '../shared/webhooks.js';
import { mountApi, mountApiFallback } from './api.js';
import { mountYotiControls } from './controls-http.js';
import { yotiEmulatorApp, type YotiApp, type YotiAppWithKey } from './keys.js';
import { YotiStore } from './model.js';
import { YotiNotifications, type NotificationDelivery } from './notifications.js';
import { ResponseConfigSchema } from './response-config.js';
import { sessionResult } from './results.js';
import { NonceLedger } from './signing.js';
import { finish, launch, LAUNCH_ERROR_CODES, parseOutcome, type ClientEvent, type WebErrorCode } from './user-flow.js';
import { mountWebClient } from './web-client.js';

export interface YotiEmulatorOptions {
  /** Registered apps (SDK id and public key); default the process's own app (./keys.ts). */
  apps?: readonly YotiApp[];
  clock?: EmulatorClock;
  /** How notifications reach their endpoint (default global fetch); tests may route them in process. */
  fetch?: typeof fetch;
  notificationTimeoutMs?: number;
}

/** A session as tests see it: its token (to open the view), state, who finished it, and its result. */
export interface YotiSessionView {
  sessionId: string;
  sdkId: string;
  clientSessionToken: string;
  state: string;
  personId?: string;
  /** Exactly what GET /sessions/{id} answers. */
  result: ReturnType<typeof sessionResult>;
}

export interface UserChoice {
  /** A test person's id (YOTI_PEOPLE); default the first. */
  person?: string;
  /** Default verified; an error code (4000…) ends the view with that error and leaves the session ongoing. */
  outcome?: 'verified' | 'profile_not_met' | WebErrorCode;
}

export interface YotiControls extends EmulatorControls {
  /** The default app: its SDK id and key pair, as the BFF is configured with. */
  readonly app: YotiAppWithKey;
  session(sessionId: string): YotiSessionView | undefined;
  /** As `PUT /sessions/{id}/response-config` does (validated; throws on a bad config or session). */
  setResponseConfig(sessionId: string, config: unknown): void;
  /** As `PUT /apps/{sdkId}/response-config`: every session of the app without its own. */
  setAppResponseConfig(config: unknown, sdkId?: string): void;
  /** Acts as the person in the user view; returns the message the view posts to its parent. */
  complete(sessionId: string, choice?: UserChoice): ClientEvent;
  notifications(filter?: { session_id?: string; topic?: string }): NotificationDelivery[];
  readonly delivery: WebhookDeliveryControls;
}

export type YotiEmulator = Emulator<YotiControls>;

export function createYotiEmulator(options: YotiEmulatorOptions = {}): YotiEmulator {
  const defaultApp = yotiEmulatorApp();
  const apps = new Map((options.apps ?? [defaultApp]).map((a) => [a.sdkId, a.publicKeyPem]));
  const clock = options.clock ?? createClock();
  const store = new YotiStore(clock);
  const nonces = new NonceLedger();
  const notifications = new YotiNotifications({ fetch: options.fetch ?? ((input, init) => fetch(input, init)), timeoutMs: options.notificationTimeoutMs ?? 10_000 });
  const { app, controls: base } = createEmulatorKit({
    name: 'yoti',
    // Tokens and Authorization match the kit's own rule; the digest and these personal fields are added.
    redactKeys: ['x-yoti-auth-digest', 'given_names', 'first_name', 'middle_name', 'family_name', 'full_name', 'date_of_birth', 'document_number', 'subject_id', 'address', 'formatted_address', 'postal_code', 'document_fields', 'data'],
    clock,
    onReset: () => {
      store.clear();
      nonces.clear();
      notifications.clear();
    },
  });

  const known = (sessionId: string) => {
    const s = store.sessions.get(sessionId);
    if (!s) throw new Error(`Yoti emulator: no session ${sessionId}.`);
    return s;
  };

  const controls: YotiControls = {
    ...base,
    app: defaultApp,
    delivery: notifications.dispatcher,
    session(sessionId) {
      const s = store.sessions.get(sessionId);
      if (!s) return undefined;
      return { sessionId: s.id, sdkId: s.sdkId, clientSessionToken: s.clientSessionToken, state: store.state(s), personId: s.completion?.personId, result: sessionResult(store, s) };
    },
    setResponseConfig(sessionId, config) {
      known(sessionId).responseConfig = ResponseConfigSchema.parse(config);
    },
    setAppResponseConfig(config, sdkId = defaultApp.sdkId) {
      store.appConfigs.set(sdkId, ResponseConfigSchema.parse(config));
    },
    complete(sessionId, choice = {}) {
      const s = known(sessionId);
      const opened = launch(store, s.id, s.clientSessionToken);
      if (!opened.ok) throw new Error(`Yoti emulator: the user view refuses session ${sessionId}: ${LAUNCH_ERROR_CODES[opened.code]} (${opened.code}).`);
      const outcome = parseOutcome(String(choice.outcome ?? 'verified'));
      if (!outcome) throw new RangeError(`Yoti emulator: unknown outcome ${String(choice.outcome)}.`);
      return finish(store, notifications, s, choice.person, outcome).event;
    },
    notifications: (filter) => notifications.deliveries(filter),
  };

  mountApi(app, { store, nonces, publicKeyOf: (sdkId) => apps.get(sdkId) });
  mountWebClient(app, store, notifications);
  mountYotiControls(app, controls);
  mountApiFallback(app);
  return { name: 'yoti', app, controls, fetch: inProcessFetch(app) };
}
