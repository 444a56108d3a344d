// Plaid's IDV webhooks: `{webhook_type, webhook_code, identity_verification_id, environment}`
// indented by two spaces, signed by a `Plaid-Verification` JWT (ES256; header alg, kid, typ;
// payload iat and request_body_sha256, the hex SHA-256 of the exact body). Keys are P-256, served
// as JWKs by /webhook_verification_key/get; rotating one sets its expired_at. Tests can ask for a
// signature a receiver must refuse: a stale iat, a wrong body hash, an unknown kid, an expired
// key or a broken signature. Delivery (queues, log, drop/duplicate/delay) is the shared dispatcher's.
//
// Where webhooks go: Plaid sends IDV webhooks to the URL configured in its dashboard and ignores a
// link token's `webhook` for IDV (the OpenAPI's LinkTokenCreateRequest.webhook says so), so the
// emulator sends to its configured URL only (option `webhookUrl`, controls.setWebhookUrl, or the
// wiring's connect()).
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { EmulatorClock } from '../shared/clock.js';
import { deliveryOutcome, WebhookDispatcher, type DeliveryRecord, type WebhookTarget } from '../shared/webhooks.js';

export const WEBHOOK_CODES = ['STATUS_UPDATED', 'STEP_UPDATED', 'RETRIED'] as const;
export type WebhookCode = (typeof WEBHOOK_CODES)[number];
export const SIGNING_FAULTS = ['stale_iat', 'wrong_body_hash', 'unknown_kid', 'expired_key', 'bad_signature'] as const;
export type SigningFault = (typeof SIGNING_FAULTS)[number];
/** How old a stale iat is: beyond the 5 minutes receivers allow. */
export const STALE_IAT_SECONDS = 10 * 60;

export interface PlaidJwk {
  alg: 'ES256';
  crv: 'P-256';
  kid: string;
  kty: 'EC';
  use: 'sig';
  x: string;
  y: string;
  /** Unix seconds. */
  created_at: number;
  expired_at: number | null;
}

interface SigningKey {
  jwk: PlaidJwk;
  privateKey: KeyObject;
}

function makeKey(createdAt: number): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y } = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  return { privateKey, jwk: { alg: 'ES256', crv: 'P-256', kid: randomUUID(), kty: 'EC', use: 'sig', x, y, created_at: createdAt, expired_at: null } };
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');
export const sha256Hex = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');

/** A compact ES256 JWT as Plaid sends it in Plaid-Verification. */
export function signPlaidJwt(header: { kid: string }, payload: { iat: number; request_body_sha256: string }, privateKey: KeyObject): string {
  const input = `${b64url(JSON.stringify({ alg: 'ES256', kid: header.kid, typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

/** The exact bytes Plaid sends: two-space indentation. */
export function webhookBody(code: WebhookCode, identityVerificationId: string): string {
  return JSON.stringify({ webhook_type: 'IDENTITY_VERIFICATION', webhook_code: code, identity_verification_id: identityVerificationId, environment: 'sandbox' }, null, 2);
}

interface PlaidMessage {
  key: string;
  code: WebhookCode;
  identity_verification_id: string;
  body: string;
}

/** One delivery as tests see it. */
export interface PlaidWebhookDelivery {
  id: number;
  url: string;
  webhook_code: WebhookCode;
  identity_verification_id: string;
  /** The signing fault it was sent with, if a test asked for one. */
  signing_fault: SigningFault | null;
  redelivery: boolean;
  attempt: number;
  dropped: boolean;
  status: number | null;
  ok: boolean;
  error: string | null;
  duration_ms: number;
}

export class PlaidWebhooks {
  readonly dispatcher: WebhookDispatcher<PlaidMessage, WebhookTarget>;
  url: string | null;
  #keys: SigningKey[] = [];
  #faults: SigningFault[] = [];
  #faultOf = new WeakMap<object, SigningFault>();
  #nextKey = 1;

  constructor(
    private readonly clock: EmulatorClock,
    o: { fetch: typeof fetch; timeoutMs: number; url?: string },
  ) {
    this.url = o.url ?? null;
    this.#keys = [makeKey(this.#now())];
    this.dispatcher = new WebhookDispatcher({
      name: 'plaid',
      fetch: o.fetch,
      timeoutMs: o.timeoutMs,
      keyOf: (m) => m.key,
      sign: (m) => this.#sign(m),
    });
  }

  #now = () => Math.floor(this.clock.now() / 1000);

  get currentKey(): PlaidJwk {
    return { ...this.#keys.at(-1)!.jwk };
  }

  /** The JWK for a kid, expired or not; undefined for an unknown one. */
  key(kid: string): PlaidJwk | undefined {
    const found = this.#keys.find((k) => k.jwk.kid === kid);
    return found && { ...found.jwk };
  }

  /** A new signing key; the old one is marked expired now and stays retrievable. */
  rotateKey(): { expired: PlaidJwk; current: PlaidJwk } {
    const old = this.#keys.at(-1)!;
    old.jwk.expired_at = this.#now();
    this.#keys.push(makeKey(this.#now()));
    return { expired: { ...old.jwk }, current: this.currentKey };
  }

  /** The next `count` deliveries are signed with this fault. */
  signNextWith(fault: SigningFault, count = 1): void {
    for (let i = 0; i < count; i++) this.#faults.push(fault);
  }

  pendingSigningFaults(): SigningFault[] {
    return [...this.#faults];
  }

  emit(code: WebhookCode, identityVerificationId: string): void {
    if (!this.url) return;
    const message = { key: `whk_${this.#nextKey++}`, code, identity_verification_id: identityVerificationId, body: webhookBody(code, identityVerificationId) };
    void this.dispatcher.send(message, [{ id: 'dashboard', url: this.url }]);
  }

  #sign(m: PlaidMessage) {
    const fault = this.#faults.shift();
    let key = this.#keys.at(-1)!;
    if (fault === 'expired_key') key = this.#keys.find((k) => k.jwk.expired_at !== null) ?? this.#expiredKey();
    const iat = this.#now() - (fault === 'stale_iat' ? STALE_IAT_SECONDS : 0);
    const hash = sha256Hex(fault === 'wrong_body_hash' ? `${m.body}\n` : m.body);
    let jwt = signPlaidJwt({ kid: fault === 'unknown_kid' ? randomUUID() : key.jwk.kid }, { iat, request_body_sha256: hash }, key.privateKey);
    if (fault === 'bad_signature') jwt = `${jwt.slice(0, -4)}${jwt.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const request = { body: m.body, headers: { 'content-type': 'application/json', 'plaid-verification': jwt }, signedAt: iat };
    if (fault) this.#faultOf.set(request, fault);
    return request;
  }

  /** A key that is already expired, kept before the current one so it never signs by default. */
  #expiredKey(): SigningKey {
    const key = makeKey(this.#now());
    key.jwk.expired_at = this.#now();
    this.#keys.splice(this.#keys.length - 1, 0, key);
    return key;
  }

  deliveries(filter: { webhook_code?: WebhookCode; identity_verification_id?: string } = {}): PlaidWebhookDelivery[] {
    return this.dispatcher
      .deliveries()
      .map((r: DeliveryRecord<PlaidMessage, WebhookTarget>) => ({
        id: r.id,
        url: r.target.url,
        webhook_code: r.message.code,
        identity_verification_id: r.message.identity_verification_id,
        signing_fault: (r.request && this.#faultOf.get(r.request)) ?? null,
        ...deliveryOutcome(r),
      }))
      .filter((d) => (!filter.webhook_code || d.webhook_code === filter.webhook_code) && (!filter.identity_verification_id || d.identity_verification_id === filter.identity_verification_id));
  }

  /** The exact request a delivery sent, for tests that verify it themselves. */
  requestOf(deliveryId: number): { body: string; headers: Readonly<Record<string, string>> } | undefined {
    const request = this.dispatcher.record(deliveryId)?.request;
    return request ? { body: request.body, headers: request.headers } : undefined;
  }

  clear(): void {
    this.dispatcher.clear();
    this.#faults = [];
    this.#keys = [makeKey(this.#now())];
  }
}
