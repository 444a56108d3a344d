// The Signicat Assure API emulator (Assure with Onfido): one Hono app standing in for
// https://api.signicat.com — the OAuth token endpoint, dossiers, processes, images, start
// verification, document types — and sending Assure Events to subscribers, plus its test controls
// under /__emulator__/signicat/. Linked to an Onfido API (an Onfido emulator, through its public
// API only), it runs the SDK variant for real: Onfido applicants, SDK tokens, SDK uploads read back.
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { createEmulatorKit, inProcessFetch, type Emulator, type EmulatorControls } from '../shared/kit.js';
import type { WebhookDeliveryControls } from '../shared/webhooks.js';
import { bearerAuth, mountTokenEndpoint, SIGNICAT_TOKEN_TTL_SECONDS, TokenStore } from './auth.js';
import { mountSignicatControls } from './controls-http.js';
import { mountDossiers } from './dossiers.js';
import { problemFor, problems } from './errors.js';
import {
  EventDispatcher,
  makeSubscriber,
  type EventFilter,
  type SignicatEventDelivery,
  type SignicatEventRecord,
  type SignicatSubscriber,
  type SignicatSubscriberInput,
} from './events.js';
import { FailureQueue, type SignicatFailure } from './failures.js';
import { checkClients, SIGNICAT_DEFAULT_SCOPE, SIGNICAT_EMULATOR_EVENT_SECRET, type SignicatClient } from './keys.js';
import { ProcessLifecycle } from './lifecycle.js';
import { AssureState, type FinalStatus } from './model.js';
import { checkOnfidoLink, OnfidoAccount, type SignicatOnfidoLink } from './onfido-account.js';
import { ASSURE_PATHS } from './paths.js';
import { mountProcesses } from './processes.js';

export interface SignicatEmulatorOptions {
  /** OAuth clients accepted (default: SIGNICAT_EMULATOR_CLIENT_ID / SIGNICAT_EMULATOR_CLIENT_SECRET). */
  clients?: readonly SignicatClient[];
  /** Scopes a client may ask for (default: ['signicat-api']). */
  scopes?: readonly string[];
  /** Access-token lifetime on the emulator clock (default 600 s). */
  tokenTtlSeconds?: number;
  clock?: EmulatorClock;
  /** Seconds a process stays `processing` after start verification (default 0: right after the answer). */
  processingSeconds?: number;
  /** Event subscribers from the start (signed with SIGNICAT_EMULATOR_EVENT_SECRET unless given a secret). */
  subscribers?: readonly SignicatSubscriberInput[];
  /** How events are sent and Onfido is called (default: global fetch); tests route them in process. */
  fetch?: typeof fetch;
  /** How long a subscriber may take to answer (default 10 s) [U]. */
  eventTimeoutMs?: number;
  /** The envelope's accountId and organizationId [U formats]. */
  accountId?: string;
  organizationId?: string;
  /** Country (ISO-3) Onfido infers for an IP address given instead of countryOfResidence. */
  ipCountries?: Readonly<Record<string, string>>;
  /**
   * Assure's Onfido account: an Onfido API (e.g. the Onfido emulator's `http://127.0.0.1:PORT/v3.6`)
   * and its API token. Linked, create process makes an Onfido applicant and answers its SDK token as
   * `authorization`, and start verification reads what Onfido's SDK uploaded. Unlinked (default),
   * the authorization is opaque and completeSdkCapture stands in for the SDK. See linkOnfido.
   */
  onfido?: SignicatOnfidoLink;
}

export interface SignicatControls extends EmulatorControls {
  readonly clients: readonly SignicatClient[];
  /** Finishes processes whose processing time has passed on the emulator clock. */
  settle(): void;
  /** The final status this dossier's processes reach from their next start verification on (default accepted). */
  /** How this dossier's processes end, and (when given) how long they stay processing on the emulator clock first. */
  setScenario(dossierId: string, status: FinalStatus, processingSeconds?: number): void;
  /** Marks a pending process as captured by Onfido's SDK (seed 001, UC 2), so it starts without images set through Assure. */
  completeSdkCapture(dossierId: string, processId: string): void;
  /**
   * Links Assure to an Onfido API (as the `onfido` option does), for emulators started on free
   * ports and wired afterwards; null unlinks. Processes created from then on use it; existing ones
   * keep the account they were created with. Kept across reset (it is wiring, not state).
   * Throws TypeError for an apiBase that is not an http(s) URL or an empty token.
   */
  linkOnfido(link: SignicatOnfidoLink | null): void;
  /** The next calls (of one operation, or any) answer 429 or a 5xx problem. */
  failNext(failure: SignicatFailure): void;
  failures(): SignicatFailure[];
  clearFailures(): void;
  /** Every access token minted so far answers 401 expired from now on; later ones work. Returns how many were live. */
  expireAccessTokens(): number;
  addSubscriber(input: SignicatSubscriberInput): SignicatSubscriber;
  removeSubscriber(id: string): boolean;
  subscribers(): SignicatSubscriber[];
  events(filter?: EventFilter): SignicatEventRecord[];
  /** The first event matching `filter` (already sent or still to come), once its deliveries are done. */
  waitForEvent(filter: EventFilter, options?: { timeoutMs?: number }): Promise<SignicatEventRecord>;
  deliveries(filter?: EventFilter): SignicatEventDelivery[];
  /** The exact body of a delivery (to verify its signature). */
  deliveryBody(id: number): string | undefined;
  /** Sends a delivery again with the same body and signature. */
  resendDelivery(id: number): Promise<SignicatEventDelivery>;
  flushEvents(): Promise<void>;
  /** Drop, duplicate, delay, retry, hold and reorder deliveries (shared by every emulator). */
  readonly delivery: WebhookDeliveryControls;
}

export type SignicatEmulator = Emulator<SignicatControls>;

/**
 * Personal data in bodies and answers stays out of the request log: images (dataURLs), what the
 * document says about its holder, the IP address.
 */
const REDACT = [
  'front', 'back', 'selfie', 'image', 'images', 'ipAddress', 'firstName', 'lastName', 'dateOfBirth', 'gender', 'nationality', 'documentNumber',
  'personalIdentificationNumber', 'placeOfBirth', 'dateOfExpiry', 'dateOfIssue', 'mrzLine1', 'mrzLine2', 'aliasName', 'address',
];

function checkOptions(o: SignicatEmulatorOptions): void {
  for (const name of ['processingSeconds', 'eventTimeoutMs'] as const) {
    const v = o[name];
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) throw new TypeError(`signicat emulator: ${name} takes a finite number ≥ 0.`);
  }
  if (o.tokenTtlSeconds !== undefined && (!Number.isFinite(o.tokenTtlSeconds) || o.tokenTtlSeconds <= 0)) {
    throw new TypeError('signicat emulator: tokenTtlSeconds takes a finite number > 0.');
  }
  if (o.onfido !== undefined) checkOnfidoLink(o.onfido);
  if (o.scopes !== undefined && o.scopes.length === 0) throw new TypeError('signicat emulator: scopes needs at least one scope.');
  for (const [ip, country] of Object.entries(o.ipCountries ?? {})) {
    if (!/^[A-Z]{3}$/.test(country)) throw new TypeError(`signicat emulator: ipCountries[${ip}] must be an ISO-3 country code.`);
  }
}

export function createSignicatEmulator(options: SignicatEmulatorOptions = {}): SignicatEmulator {
  checkOptions(options);
  const clients = checkClients(options.clients);
  const clock = options.clock ?? createClock();
  const now = () => clock.now();
  const state = new AssureState();
  const tokens = new TokenStore();
  // Everything Assure sends out (its events, its calls to Onfido) goes through one fetch, so tests can route it in process.
  const outbound: typeof fetch = options.fetch ?? ((i, init) => globalThis.fetch(i, init));
  let onfido: OnfidoAccount | null = options.onfido ? new OnfidoAccount(options.onfido, outbound) : null;
  const failures = new FailureQueue();
  const dispatcher = new EventDispatcher({
    fetch: outbound,
    timeoutMs: options.eventTimeoutMs ?? 10_000,
  });
  const configured = () => {
    for (const input of options.subscribers ?? []) {
      const s = makeSubscriber(input, SIGNICAT_EMULATOR_EVENT_SECRET);
      dispatcher.subscribers.set(s.id, s);
    }
  };
  configured();
  const lifecycle = new ProcessLifecycle({
    state,
    now,
    processingMs: (options.processingSeconds ?? 0) * 1000,
    dispatcher,
    identity: { accountId: options.accountId ?? 'a-spge-emulator0000000000000', organizationId: options.organizationId ?? 'o-emulator0000000000000' },
    ipCountries: options.ipCountries ?? {},
  });

  const { app, controls: base } = createEmulatorKit({
    name: 'signicat',
    redactKeys: REDACT,
    clock,
    onReset: () => {
      lifecycle.clear();
      state.clear();
      tokens.clear();
      failures.clear();
      dispatcher.clear();
      configured();
    },
  });

  // Planned failures first, as a gateway's would come before authentication.
  app.use(ASSURE_PATHS.token.path, failures.middleware());
  app.use('/assure/*', failures.middleware());
  app.use('/assure/*', bearerAuth(tokens, now));
  // Work due on the emulator clock (a moved clock included) is done before any answer is read.
  app.use('*', async (_c, next) => {
    lifecycle.settle();
    await next();
  });
  mountTokenEndpoint(app, {
    clients,
    scopes: options.scopes ?? [SIGNICAT_DEFAULT_SCOPE],
    store: tokens,
    now,
    ttlSeconds: options.tokenTtlSeconds ?? SIGNICAT_TOKEN_TTL_SECONDS,
  });
  mountDossiers(app, { state, now });
  mountProcesses(app, { state, now, lifecycle, onfido: () => onfido });

  const findProcess = (dossierId: string, processId: string) => {
    const p = state.dossiers.get(dossierId)?.processes.get(processId);
    if (!p) throw new RangeError(`No such process: ${dossierId}/${processId}`);
    return p;
  };
  const controls: SignicatControls = {
    ...base,
    clients,
    settle: () => lifecycle.settle(),
    setScenario(dossierId, status, processingSeconds) {
      const dossier = state.dossiers.get(dossierId);
      if (!dossier) throw new RangeError(`No such dossier: ${dossierId}`);
      dossier.scenario = status;
      if (processingSeconds !== undefined) dossier.processingMs = processingSeconds * 1000;
    },
    completeSdkCapture(dossierId, processId) {
      const p = findProcess(dossierId, processId);
      if (p.status !== 'pending') throw new TypeError(`The process is ${p.status}; only a pending process can be captured.`);
      p.sdkCapture = true;
      p.updatedAt = now();
    },
    linkOnfido(link) {
      onfido = link === null ? null : new OnfidoAccount(link, outbound);
    },
    failNext: (failure) => failures.add(failure),
    failures: () => failures.list(),
    clearFailures: () => failures.clear(),
    expireAccessTokens: () => tokens.expireAll(now()),
    addSubscriber(input) {
      const s = makeSubscriber(input, SIGNICAT_EMULATOR_EVENT_SECRET);
      dispatcher.subscribers.set(s.id, s);
      return { ...s };
    },
    removeSubscriber: (id) => dispatcher.subscribers.delete(id),
    subscribers: () => [...dispatcher.subscribers.values()].map((s) => ({ ...s })),
    events: (filter) => dispatcher.events(filter),
    waitForEvent: (filter, o) => dispatcher.waitFor(filter, o?.timeoutMs ?? 5000),
    deliveries: (filter) => dispatcher.deliveries(filter),
    deliveryBody: (id) => dispatcher.bodyOf(id),
    resendDelivery: (id) => dispatcher.resend(id),
    flushEvents: () => dispatcher.flush(),
    delivery: dispatcher.dispatcher,
  };
  mountSignicatControls(app, controls);
  // Assure's answer for any other path, registered last so real routes win.
  app.all('/assure/*', (c) => problemFor(c, problems.routeNotFound()));
  app.all('/auth/*', (c) => problemFor(c, problems.routeNotFound()));

  return { name: 'signicat', app, controls, fetch: inProcessFetch(app) };
}
