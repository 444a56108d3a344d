// The Onfido API v3.6 emulator: one Hono app standing in for https://api.{region}.onfido.com
// (applicants, SDK tokens, documents, live photos, checks, reports, workflow runs, webhooks), for
// the hosts an SDK token's `urls` name, and for sdk.onfido.com (the emulated Web SDK UI module),
// plus its test controls under /__emulator__/onfido/.
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { createEmulatorKit, inProcessFetch, type Emulator, type EmulatorControls } from '../shared/kit.js';
import type { WebhookDeliveryControls } from '../shared/webhooks.js';
import { mountApplicants } from './applicants.js';
import { CheckLifecycle, mountChecks } from './checks.js';
import { mountOnfidoControls } from './controls-http.js';
import { errors } from './errors.js';
import { apiTokenAuth, errorResponse } from './http.js';
import { checkKeys, ONFIDO_EMULATOR_WEBHOOK_TOKEN, type OnfidoKeyOptions, type OnfidoKeys } from './keys.js';
import { mountMedia } from './media.js';
import { BASE_PATH, iso, newId, OnfidoState } from './model.js';
import { mountSdkApi } from './sdk-api.js';
import { mountWebSdk } from './web-sdk.js';
import { mountWebhooksApi } from './webhooks-api.js';
import { mountWorkflowRuns, WorkflowRunLifecycle } from './workflow-runs.js';
import { checkWebhookUrl, makeWebhook, renderWebhook, OnfidoWebhooks, type WebhookDelivery, type WebhookInput } from './webhooks.js';

export interface OnfidoEmulatorOptions {
  keys?: OnfidoKeyOptions;
  /** Webhooks registered from the start (signed with ONFIDO_EMULATOR_WEBHOOK_TOKEN unless given a token). */
  webhooks?: readonly WebhookInput[];
  clock?: EmulatorClock;
  /** Seconds a check stays in_progress, and a completed workflow run processing, before its result (default 0: right after the answer). */
  processingSeconds?: number;
  /** Public origin for absolute URLs (SDK token urls, webhook hrefs); default: the origin each request came to. */
  publicUrl?: string;
  /** How webhooks are sent (default: global fetch); tests can route them in process. */
  fetch?: typeof fetch;
  /** How long a webhook receiver may take (default 10 s, Onfido's documented limit). */
  webhookTimeoutMs?: number;
}

export interface OnfidoControls extends EmulatorControls {
  readonly keys: OnfidoKeys;
  /** Completes checks and decides workflow runs whose processing time has passed on the emulator clock. */
  settle(): void;
  addWebhook(input: WebhookInput): ReturnType<typeof renderWebhook>;
  removeWebhook(id: string): boolean;
  webhooks(): ReturnType<typeof renderWebhook>[];
  /** Every delivery attempt, oldest first. */
  deliveries(filter?: { action?: string; resource_id?: string }): WebhookDelivery[];
  /** The exact body of a delivery (to verify its X-SHA2-Signature). */
  deliveryBody(id: number): string | undefined;
  /** Sends a delivery again with the same body and signature. */
  resendDelivery(id: number): Promise<WebhookDelivery>;
  flushWebhooks(): Promise<void>;
  /** Drop, duplicate, delay, retry, hold and reorder deliveries (shared by every emulator). */
  readonly delivery: WebhookDeliveryControls;
  /** Media only SDKs create (live videos, motion captures) for an applicant, without a browser. */
  addSdkMedia(applicantId: string, kind: 'live_video' | 'motion_capture'): string;
  /**
   * Every SDK token minted so far for this applicant answers 401 expired_token from now on, as a
   * token past its `exp` does; tokens minted afterwards work. Unlike moving the clock, other
   * applicants' tokens (other tests running at the same time) are untouched. Returns how many
   * tokens it expired; throws RangeError for an applicant the emulator never had.
   */
  expireSdkTokens(applicantId: string): number;
}

export type OnfidoEmulator = Emulator<OnfidoControls>;

/**
 * Personal fields in bodies and answers are kept out of the request log (a workflow run's custom
 * data may be personal too; so is what a document report read from the document).
 */
const REDACT = [
  'first_name', 'last_name', 'email', 'dob', 'phone_number', 'id_numbers', 'address', 'ip_address', 'file', 'file_name', 'custom_data', 'customer_user_id',
  'date_of_birth', 'document_numbers', 'gender', 'nationality',
];

function checkOptions(o: OnfidoEmulatorOptions): void {
  for (const name of ['processingSeconds', 'webhookTimeoutMs'] as const) {
    const v = o[name];
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) throw new TypeError(`onfido emulator: ${name} takes a finite number ≥ 0.`);
  }
  if (o.publicUrl !== undefined && !/^https?:\/\/[^/]+$/.test(o.publicUrl)) {
    throw new TypeError('onfido emulator: publicUrl is an origin such as http://127.0.0.1:4010 (no path, no trailing slash).');
  }
}

export function createOnfidoEmulator(options: OnfidoEmulatorOptions = {}): OnfidoEmulator {
  checkOptions(options);
  const keys = checkKeys(options.keys);
  const clock = options.clock ?? createClock();
  const now = () => clock.now();
  const state = new OnfidoState();
  const dispatcher = new OnfidoWebhooks({ fetch: options.fetch ?? ((i, init) => globalThis.fetch(i, init)), timeoutMs: options.webhookTimeoutMs ?? 10_000 });
  const configured = () => {
    for (const input of options.webhooks ?? []) {
      const problem = checkWebhookUrl(input.url);
      if (problem) throw new TypeError(`onfido emulator: webhook url ${input.url} ${problem}.`);
      const w = makeWebhook(input, ONFIDO_EMULATOR_WEBHOOK_TOKEN);
      dispatcher.webhooks.set(w.id, w);
    }
  };
  configured();
  const deps = { state, now, dispatcher, processingMs: (options.processingSeconds ?? 0) * 1000, publicUrl: options.publicUrl };
  const lifecycle = new CheckLifecycle(deps);
  const runs = new WorkflowRunLifecycle({ ...deps, keys });

  const { app, controls: base } = createEmulatorKit({
    name: 'onfido',
    redactKeys: REDACT,
    clock,
    onReset: () => {
      lifecycle.clear();
      runs.clear();
      state.clear();
      dispatcher.clear();
      configured();
    },
  });

  app.use(`${BASE_PATH}/*`, apiTokenAuth(keys));
  // Work due on the emulator clock (a moved clock included) is done before any answer is read.
  app.use('*', async (c, next) => {
    lifecycle.settle();
    runs.settle();
    await next();
  });
  // First, so CORS answers preflights and decorates every answer of the browser-facing paths.
  mountWebSdk(app);
  app.get(`${BASE_PATH}/ping`, (c) => c.text('OK'));
  mountApplicants(app, { state, now });
  mountMedia(app, { state, now });
  mountChecks(app, deps, lifecycle);
  mountWebhooksApi(app, { dispatcher, state });
  mountSdkApi(app, { state, keys, now, publicUrl: options.publicUrl });
  mountWorkflowRuns(app, { ...deps, keys }, runs);

  const controls: OnfidoControls = {
    ...base,
    keys,
    settle: () => {
      lifecycle.settle();
      runs.settle();
    },
    addWebhook(input) {
      const problem = checkWebhookUrl(input.url);
      if (problem) throw new TypeError(`webhook url ${problem}`);
      const w = makeWebhook(input, ONFIDO_EMULATOR_WEBHOOK_TOKEN);
      dispatcher.webhooks.set(w.id, w);
      return renderWebhook(w);
    },
    removeWebhook: (id) => dispatcher.webhooks.delete(id),
    webhooks: () => [...dispatcher.webhooks.values()].map(renderWebhook),
    deliveries: (filter) => dispatcher.deliveries(filter),
    deliveryBody: (id) => dispatcher.bodyOf(id),
    resendDelivery: (id) => dispatcher.resend(id),
    flushWebhooks: () => dispatcher.flush(),
    delivery: dispatcher.dispatcher,
    addSdkMedia(applicantId, kind) {
      if (!state.applicant(applicantId)) throw new RangeError(`No such applicant: ${applicantId}`);
      const id = newId();
      const bytes = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]);
      state.media.set(id, { id, kind, applicant_id: applicantId, created_at: iso(now()), file_name: `${kind}.webm`, file_type: 'webm', file_size: bytes.length, bytes });
      return id;
    },
    expireSdkTokens(applicantId) {
      // Known at all, deleted included: its tokens may still be in a test's hands.
      if (!state.applicants.has(applicantId)) throw new RangeError(`No such applicant: ${applicantId}`);
      return state.expireSdkTokens(applicantId);
    },
  };
  mountOnfidoControls(app, controls);
  // Onfido's answer for any other path under the API, registered last so real routes win.
  app.all(`${BASE_PATH}/*`, () => errorResponse(errors.notFound()));

  return { name: 'onfido', app, controls, fetch: inProcessFetch(app) };
}
