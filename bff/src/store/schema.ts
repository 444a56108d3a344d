// Row types of every table, shared by SQLite and PostgreSQL. Timestamps are ISO 8601 text and
// JSON is text, so both engines store and sort them the same way.
import type { Insertable, Selectable } from 'kysely';

export interface SessionsTable {
  id: string;
  /** The tenant (API key set) that created it: only that tenant's keys reach it. */
  tenant: string;
  reference: string | null;
  /** The host's own id for the person, if it named one: whose claims this session's verification issues or reuses. */
  subject: string | null;
  /** The host's service whose requirements the session took (service_requirements), if it named one. */
  service_id: string | null;
  status: string;
  requirements: string; // JSON Requirements
  locale: string | null;
  return_url: string | null;
  metadata: string; // JSON Record<string,string>
  country_of_residence: string | null;
  provider_key: string | null;
  client_secret_hash: string;
  last_error_code: string | null;
  last_error_reason: string | null;
  pii_sealed: string | null; // AES-GCM sealed JSON, see security/pii.ts
  person_sealed: string | null; // what the host told us of the person, sealed like pii_sealed
  provider_result: string | null; // JSON ProviderResult: the provider's verdict and breakdown, no PII
  created_at: string;
  updated_at: string;
  expires_at: string;
  completed_at: string | null;
  redacted_at: string | null;
}

/**
 * `starting`: the row is written before the provider is called (an intent), so that two clicks or
 * two replicas cannot both start one (a unique index allows one open attempt per session and
 * provider); it becomes `pending` with the provider's reference once the provider answered.
 * `submitted`: claimed while the provider decides, a lease the reconciler takes back if it lapses.
 * `in_review`: a reviewer at the provider decides (Plaid's pending_review); the session is
 * needs_review, the person is done, and the provider's later verdict settles both.
 */
export type AttemptStatus = 'starting' | 'pending' | 'submitted' | 'in_review' | 'succeeded' | 'failed' | 'superseded' | 'canceled';

/** The reference an intent holds until its provider answers with its own. */
export const INTENT_REF_PREFIX = 'intent_';
export const reachedProvider = (attempt: { session_ref: string }) => !attempt.session_ref.startsWith(INTENT_REF_PREFIX);

/** Attempt statuses still open: at most one per session and provider. */
export const OPEN_ATTEMPT_STATUSES = ['starting', 'pending', 'submitted'] as const satisfies readonly AttemptStatus[];

export interface AttemptsTable {
  id: string;
  session_id: string;
  provider_key: string;
  session_ref: string;
  status: AttemptStatus;
  client: string; // JSON ProviderClient: safe for the widget
  private_data: string; // JSON: provider-side references, never sent to the widget, never PII
  created_at: string;
  updated_at: string;
  expires_at: string;
}

/**
 * What a verification proved, kept per tenant and subject: it outlives its session (no foreign
 * key; a purge of the session leaves a subject's claims), until it expires or is revoked.
 */
export interface ClaimsTable {
  id: string;
  tenant: string;
  /** The host's id for the person; null when the session named none (then the claim is never reused). */
  subject: string | null;
  /** The session whose verification issued it. */
  session_id: string;
  type: string;
  provider_key: string;
  assurance_level: string;
  issued_at: string;
  /** Set when issued, by the claim type's lifetime (IDV_CLAIM_DAYS_*). */
  expires_at: string;
  revoked_at: string | null;
  /** Identity claims only: the opaque reference that stands for the personal data below, resolved server side. */
  claim_ref: string | null;
  /**
   * Identity claims only: the verified personal data, sealed as the issuing session's (security/pii.ts,
   * its id as associated data); erased when the host redacts that session.
   */
  pii_sealed: string | null;
  /** Delegation claims only: the scopes delegated, JSON string[]. */
  delegated_scopes: string | null;
  /** Delegation claims only: the identity claim it stands on; revoking that revokes this. */
  basis_claim_id: string | null;
}

/** A session verified at once with claims its subject already held: which claims it reused. */
export interface ClaimReusesTable {
  session_id: string;
  claim_id: string;
  reused_at: string;
}

export interface ConsentsTable {
  id: string;
  session_id: string;
  notice: string;
  version: string;
  text_sha256: string;
  locale: string;
  decision: string;
  ip: string | null;
  user_agent: string | null;
  recorded_at: string;
}

/** The exact notice texts people were shown, by hash: the evidence behind each consent. */
export interface NoticeTextsTable {
  sha256: string;
  text: string;
  first_seen_at: string;
}

/** Provider events already handled, so a webhook delivered twice is processed once. */
export interface ProviderEventsTable {
  provider: string;
  event_id: string;
  type: string;
  received_at: string;
}

/** Append-only: ids, statuses and codes of what happened, never PII. */
export interface AuditLogTable {
  id: string;
  session_id: string | null;
  actor: string;
  action: string;
  detail: string; // JSON
  created_at: string;
  /** The chain the row is in: its session's tenant, or '' for entries of no session (audit-chain.ts). */
  tenant: string;
  /** Its place in the chain, from 1; the hash of the row before (or the genesis hash), and its own. */
  seq: number;
  prev_hash: string;
  hash: string;
}

/** A host backend's webhook endpoint: where its tenant's events go, and the secret they are signed with (sealed). */
export interface WebhookEndpointsTable {
  id: string;
  tenant: string;
  url: string;
  secret_sealed: string;
  created_at: string;
  deleted_at: string | null;
}

/** An event for a tenant's host backend, written in the transaction that made it happen (the outbox). No PII. */
export interface HostEventsTable {
  id: string;
  tenant: string;
  type: string;
  session_id: string | null;
  /** The event as sent, JSON. */
  payload: string;
  created_at: string;
}

/** One event to one endpoint: pending until a 2xx, retried with backoff, failed after the last try. */
export interface EventDeliveriesTable {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: 'pending' | 'delivered' | 'failed';
  tries: number;
  next_attempt_at: string;
  last_status_code: number | null;
  delivered_at: string | null;
  updated_at: string;
}

/** Where each tenant's audit chain ends: the row the next one links to. */
export interface AuditChainHeadsTable {
  tenant: string;
  seq: number;
  hash: string;
}

/**
 * Work at a provider that must happen even if the provider cannot do it now (ending an attempt,
 * erasing what it holds of the person): retried with backoff until done or given up.
 */
export interface ProviderJobsTable {
  id: string;
  session_id: string;
  attempt_id: string;
  provider_key: string;
  kind: 'abandon' | 'redact';
  status: 'queued' | 'done' | 'given_up';
  tries: number;
  next_run_at: string;
  last_error_code: string | null;
  created_at: string;
  updated_at: string;
}

/** A host service's identity requirements (seed 003), one per service, replaced when set again. */
export interface ServiceRequirementsTable {
  tenant: string;
  service_id: string;
  layer: string;
  requires_claim: string;
  minimum_assurance: string;
  accepted_providers: string; // JSON ProviderKey[]
  required_scopes: string; // JSON string[]
  /** JSON: the host's words for each required scope (null before migration 011). */
  scope_descriptions: string | null;
  requires_pii: number; // 0 | 1, on SQLite and PostgreSQL alike
  lawful_basis: string | null;
  created_at: string;
  updated_at: string;
}

/** The keys passports are signed with (ES256): one signs at a time, each published until the last passport it signed has expired. */
export interface PassportKeysTable {
  kid: string;
  /** The private JWK, sealed (security/pii.ts, the kid as associated data). */
  private_jwk_sealed: string;
  public_jwk: string; // JSON JWK
  created_at: string;
  /** Signs no passport from then on: a newer key is made. */
  sign_until: string;
  /** Leaves the JWKS then: every passport it signed has expired. */
  publish_until: string;
}

export interface PassportsTable {
  id: string; // the jti
  tenant: string;
  subject: string;
  kid: string;
  issued_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** 'revoked' by the host, or 'claim_revoked' when a claim it carried was. */
  revoked_reason: string | null;
}

/** Which claims each passport carries: what a claim's revocation cascades to. */
export interface PassportClaimsTable {
  passport_id: string;
  claim_id: string;
}

/** A session handed from one device to a phone (handoff/): the open link, then the phone's credential. Hashes only. */
export interface HandoffsTable {
  session_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  redeemed_at: string | null;
  phone_secret_hash: string | null;
}

export interface Database {
  sessions: SessionsTable;
  attempts: AttemptsTable;
  claims: ClaimsTable;
  claim_reuses: ClaimReusesTable;
  consents: ConsentsTable;
  notice_texts: NoticeTextsTable;
  provider_events: ProviderEventsTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadsTable;
  webhook_endpoints: WebhookEndpointsTable;
  service_requirements: ServiceRequirementsTable;
  passport_keys: PassportKeysTable;
  passports: PassportsTable;
  passport_claims: PassportClaimsTable;
  host_events: HostEventsTable;
  event_deliveries: EventDeliveriesTable;
  provider_jobs: ProviderJobsTable;
  handoffs: HandoffsTable;
}

export type SessionRow = Selectable<SessionsTable>;
export type AttemptRow = Selectable<AttemptsTable>;
export type ClaimRow = Selectable<ClaimsTable>;
export type ConsentRow = Selectable<ConsentsTable>;
export type ProviderJobRow = Selectable<ProviderJobsTable>;
export type NewAuditEntry = Omit<Insertable<AuditLogTable>, 'id' | 'created_at' | 'detail' | 'tenant' | 'seq' | 'prev_hash' | 'hash'> & {
  detail?: Record<string, string | number | boolean | null>;
  /** The chain to append to when the entry's session may be gone (a claim outlives it); else the session's tenant's. */
  tenant?: string;
};
