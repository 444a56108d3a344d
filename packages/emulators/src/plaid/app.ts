// The Plaid Identity Verification emulator: Plaid's server API for IDV (api.ts), Plaid Link in the
// browser (link.ts), ES256-signed webhooks (webhooks.ts), and controls that act as the person in
// Link, as a reviewer in the dashboard, or as a misbehaving signer, for tests without a browser.
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { createEmulatorKit, inProcessFetch, type Emulator, type EmulatorControls } from '../shared/kit.js';
import type { WebhookDeliveryControls } from '../shared/webhooks.js';
import { mountPlaidApi } from './api.js';
import { mountPlaidControls } from './controls-http.js';
import { plaidErrorJson, plaidErrors } from './errors.js';
import type { Credentials } from './http.js';
import { DEFAULT_TEMPLATE, PLAID_EMULATOR_CLIENT_ID, PLAID_EMULATOR_SECRET, type PlaidTemplate } from './keys.js';
import { openSession, prefill, runStep, type LinkStepInput, type PersonForm } from './link-flow.js';
import { mountLink } from './link.js';
import { FlowError, end, review, setOutcome } from './machine.js';
import { PlaidState, type SandboxOutcome } from './model.js';
import { renderVerification } from './render.js';
import { PlaidService } from './service.js';
import { PlaidWebhooks, type PlaidJwk, type PlaidWebhookDelivery, type SigningFault, type WebhookCode } from './webhooks.js';

export interface PlaidEmulatorOptions {
  clock?: EmulatorClock;
  /** The client id and secret it accepts (default the emulator's sandbox pair). */
  credentials?: Credentials;
  /** Templates besides the default one. */
  templates?: readonly PlaidTemplate[];
  /** The dashboard's IDV webhook URL (also settable by controls and the wiring's connect()). */
  webhookUrl?: string;
  /** How webhooks are sent (default global fetch). */
  fetch?: typeof fetch;
  webhookTimeoutMs?: number;
  /** The emulator's public origin when it sits behind a proxy (default each request's own). */
  publicUrl?: string;
}

/** How the person goes through Link when a test acts for them (controls.completeLink). */
export interface LinkRun {
  /** Data entered over Leslie Knope's prefilled details (another name fails the data check). */
  person?: Partial<PersonForm>;
  phone_number?: string;
  /** The SMS code (default the sandbox's 11111). */
  sms_code?: string;
  outcome?: SandboxOutcome;
}

export interface LinkRunResult {
  link_session_id: string;
  status: string;
  /** onEvent's event names, in order. */
  events: string[];
}

export interface PlaidControls extends EmulatorControls {
  readonly credentials: Credentials;
  readonly delivery: WebhookDeliveryControls;
  addTemplate(template: PlaidTemplate): void;
  /** The attempt as /identity_verification/get answers it (without request_id). */
  verification(id: string): ReturnType<typeof renderVerification> | undefined;
  /** Acts as the person in Link on this token, from opening to the last step, as the page would. */
  completeLink(linkToken: string, run?: LinkRun): LinkRunResult;
  /** What the attempt's remaining steps will do (fail the data check, end in pending review). */
  setOutcome(identityVerificationId: string, outcome: SandboxOutcome): void;
  expire(identityVerificationId: string): void;
  cancel(identityVerificationId: string): void;
  /** A reviewer's decision on an attempt pending review, as in Plaid's dashboard. */
  review(identityVerificationId: string, decision: 'approve' | 'reject'): void;
  readonly webhookUrl: string | null;
  setWebhookUrl(url: string | null): void;
  webhookKey(): PlaidJwk;
  /** A new signing key; the old one gets expired_at and stays retrievable by its kid. */
  rotateWebhookKey(): { expired: PlaidJwk; current: PlaidJwk };
  /** The next `count` webhooks are signed so a receiver must refuse them. */
  signNextWebhookWith(fault: SigningFault, count?: number): void;
  webhooks(filter?: { webhook_code?: WebhookCode; identity_verification_id?: string }): PlaidWebhookDelivery[];
  /** The exact body and headers a delivery carried. */
  webhookRequest(deliveryId: number): { body: string; headers: Readonly<Record<string, string>> } | undefined;
  flushWebhooks(): Promise<void>;
  /** The next `count` calls to this path answer Plaid's 429 RATE_LIMIT_EXCEEDED. */
  rateLimitNext(path: string, count?: number): void;
}

export type PlaidEmulator = Emulator<PlaidControls>;

export function createPlaidEmulator(options: PlaidEmulatorOptions = {}): PlaidEmulator {
  const clock = options.clock ?? createClock();
  const credentials = options.credentials ?? { clientId: PLAID_EMULATOR_CLIENT_ID, secret: PLAID_EMULATOR_SECRET };
  const state = new PlaidState([DEFAULT_TEMPLATE, ...(options.templates ?? [])]);
  const webhooks = new PlaidWebhooks(clock, { fetch: options.fetch ?? fetch, timeoutMs: options.webhookTimeoutMs ?? 10_000, url: options.webhookUrl });
  const service = new PlaidService(state, webhooks, clock);
  const { app, controls: base } = createEmulatorKit({
    name: 'plaid',
    // Secrets and tokens match the kit's own rule; these are the person's data.
    redactKeys: ['user', 'name', 'given_name', 'family_name', 'date_of_birth', 'phone_number', 'email_address', 'address', 'id_number', 'ssn', 'legal_name', 'person', 'code', 'ip_address'],
    clock,
    onReset: () => {
      state.clear();
      webhooks.clear();
      webhooks.url = options.webhookUrl ?? null;
    },
  });

  const known = (id: string) => {
    const v = state.verifications.get(id);
    if (!v) throw new Error(`Plaid emulator: no identity verification ${id}.`);
    return v;
  };
  const acting = (id: string, act: (v: ReturnType<typeof known>) => void) => {
    const v = known(id);
    try {
      service.change(v, act);
    } catch (error) {
      if (error instanceof FlowError) throw new Error(`Plaid emulator: ${error.message}`);
      throw error;
    }
  };

  const controls: PlaidControls = {
    ...base,
    credentials,
    delivery: webhooks.dispatcher,
    addTemplate: (template) => void state.templates.set(template.id, structuredClone(template)),
    verification: (id) => {
      const v = state.verifications.get(id);
      // In process there is no request to take an origin from; only shareable_url depends on it.
      return v && renderVerification(v, options.publicUrl ?? 'http://127.0.0.1');
    },
    completeLink(linkToken, run = {}) {
      const opened = openSession(service, { token: linkToken });
      const events = opened.view.events.map((e) => e.event_name);
      const person = { ...prefill(opened.v.user), ...run.person };
      for (let guard = 0; guard < 20; guard++) {
        const v = known(opened.v.id);
        const step = v.status === 'active' ? Object.entries(v.steps).find(([, s]) => s === 'active')?.[0] : undefined;
        if (!step) break;
        const input: LinkStepInput | undefined =
          step === 'accept_tos'
            ? { step, accepted: true }
            : step === 'verify_sms'
              ? { step, phone_number: run.phone_number ?? person.phone_number, code: run.sms_code ?? '11111' }
              : step === 'kyc_check'
                ? { step, person }
                : step === 'documentary_verification'
                  ? { step }
                  : undefined;
        if (!input) break;
        events.push(...runStep(service, { token: linkToken }, input, run.outcome).events.map((e) => e.event_name));
      }
      const v = known(opened.v.id);
      return { link_session_id: v.id, status: v.status, events };
    },
    setOutcome: (id, outcome) => setOutcome(known(id), outcome),
    expire: (id) => acting(id, (v) => end(v, 'expired', clock.now())),
    cancel: (id) => acting(id, (v) => end(v, 'canceled', clock.now())),
    review: (id, decision) => acting(id, (v) => review(v, decision)),
    get webhookUrl() {
      return webhooks.url;
    },
    setWebhookUrl: (url) => {
      webhooks.url = url;
    },
    webhookKey: () => webhooks.currentKey,
    rotateWebhookKey: () => webhooks.rotateKey(),
    signNextWebhookWith: (fault, count) => webhooks.signNextWith(fault, count),
    webhooks: (filter) => webhooks.deliveries(filter),
    webhookRequest: (id) => webhooks.requestOf(id),
    flushWebhooks: () => webhooks.dispatcher.flush(),
    rateLimitNext: (path, count = 1) => base.injectFault({ path, method: 'POST', status: 429, json: plaidErrorJson(plaidErrors.rateLimit()), times: count }),
  };

  mountPlaidApi(app, { service, credentials: () => credentials, publicUrl: options.publicUrl });
  mountLink(app, service, options.publicUrl);
  mountPlaidControls(app, controls);
  return { name: 'plaid', app, controls, fetch: inProcessFetch(app) };
}
