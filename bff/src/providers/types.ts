// The seam every identity provider plugs into: one adapter file per provider, each a factory
// that checks its options once and returns an object satisfying ProviderAdapter.
import type { ApiErrorCode, OutcomeErrorCode } from '@identity-verify/contract/errors';
import type { AssuranceLevel, ClaimType, ConsentNotice, FaceCheck, FlowKind, ProviderKey, TrustLayer } from '@identity-verify/contract/vocabulary';
import type { ImageLink, Person, ProviderClient, ProviderResult, Requirements, SensitiveOutputs, VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import type { CAPTURE_DOCUMENT_TYPES, CAPTURE_SIDES } from '@identity-verify/contract/schemas';
import type { NoticeLanguage, ProviderNoticeWords } from '@identity-verify/contract/notices';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ImageStream } from '../uploads/image-stream.js';
import type { AppEnv } from '../http/env.js';
import type { RouteInput, RouteSpec } from '../http/route.js';

export type CaptureSide = (typeof CAPTURE_SIDES)[number];
export type CaptureDocumentType = (typeof CAPTURE_DOCUMENT_TYPES)[number];

/** One image of our own capture, streaming through on its way to the provider. */
export interface UploadedImage {
  side: CaptureSide;
  documentType: CaptureDocumentType | null;
  image: ImageStream;
}
import type { Clock } from '../clock.js';
import type { SessionRecord, AttemptRecord } from '../store/store.js';

export interface ProviderDescription {
  name: string;
  supported_layers: TrustLayer[];
  claim_types: ClaimType[];
  assurance_level: AssuranceLevel;
  /** 'global' or the ISO alpha-2 countries whose residents the provider can verify. */
  coverage: 'global' | string[];
  flow: FlowKind;
}

export interface InitiateContext {
  session: SessionRecord;
  /** The id the attempt will be stored under, so the provider can be bound to it. */
  attemptId: string;
  requestedClaims: ClaimType[];
  /** Where a redirect flow returns the person: the widget's page, else the session's return_url. */
  returnUrl: string | null;
  /** What the host told us of the person (decrypted for this call only), or null. */
  person: Person | null;
  /** Notices whose latest decision is an acceptance: the provider may be told of the consent. */
  acceptedNotices: ConsentNotice[];
  /** The host page's origin the widget runs on, for providers that bind a token to a referrer. */
  hostOrigin: string | null;
  /** The person's address (through the trusted proxies), for providers that bind an order to it (BankID's endUserIp); null without a socket. */
  remoteIp: string | null;
}

export interface InitiateResult {
  sessionRef: string;
  client: ProviderClient;
  /** Provider-side references kept by the BFF only (never PII, never sent to the widget). */
  privateData: Record<string, string>;
  expiresAt: Date;
}

export interface AttemptContext {
  session: SessionRecord;
  attempt: AttemptRecord;
  remoteIp: string | null;
  /** What the host told us of the person (decrypted for this call only), where the call may hand it on: `recorded` and `submit`. */
  person?: Person | null;
}

/** What an identity profile is built from: the verified attempt, what we keep of the person and of the provider's verdict. */
export interface ProfileContext extends AttemptContext {
  /** The person's data we keep (sealed), opened for this call; null when none was kept. */
  verified: VerifiedOutputs | null;
  /** The provider's verdict and breakdown as kept with the session (no PII). */
  details: ProviderResult | null;
  /** When the verdict was recorded. */
  verifiedAt: Date;
}

/** A refresh that began a new try at the provider: its client, and the references kept with the attempt from now on (merged). */
export interface RefreshedClient {
  client: ProviderClient;
  privateData: Record<string, string>;
}

/** What a provider says about an attempt, normalised. */
export type Outcome =
  | {
      status: 'verified';
      claims: ClaimType[];
      assurance: AssuranceLevel;
      pii?: Record<string, unknown>;
      details?: ProviderResult;
      /** Provider references kept with the attempt for reading its results later (ID.me's document tokens). Never PII. */
      privateData?: Record<string, string>;
    }
  | { status: 'processing'; details?: ProviderResult }
  /** Nothing new: the person has not finished with the provider yet. */
  | { status: 'pending'; client?: ProviderClient }
  | {
      status: 'requires_input' | 'needs_review' | 'rejected' | 'canceled' | 'failed';
      error: { code: OutcomeErrorCode; reason: string };
      /** How a synchronous request that produced this outcome is answered (e.g. 422 token_invalid). */
      httpError?: ApiErrorCode;
      /**
       * The provider's session takes another try (Stripe's requires_input + last_error), so the
       * attempt stays open; otherwise the attempt is spent (a Turnstile token) and a retry starts anew.
       */
      attemptStaysOpen?: boolean;
      /** What the widget needs for the next try when the provider issues fresh credentials (Stripe's single-use client secret). */
      client?: ProviderClient;
      /** The provider's own verdict and breakdown, kept for the host backend (no PII). */
      details?: ProviderResult;
      /**
       * needs_review only: a reviewer at the provider decides and the provider tells us (Plaid's
       * pending_review), so the attempt waits in review and the verdict read after the provider's
       * event settles the session; without it the review is the host's own (Onfido's consider).
       */
      reviewedByProvider?: boolean;
    };

export interface ProviderResults {
  sensitive?: SensitiveOutputs;
  images?: ImageLink[];
}

/** A provider event whose signature checked out: which attempt it concerns. */
export interface VerifiedWebhook {
  eventId: string;
  type: string;
  /** The provider's reference of the attempt (session_ref), or null for events we do not act on. */
  sessionRef: string | null;
  /**
   * For providers whose events name another resource (an Onfido check): finds the attempt's
   * session_ref by asking the provider. Called only for events not seen before.
   */
  resolveRef?: () => Promise<string | null>;
}

/** A provider's notices: each one's current version and its words in every language it is written in. */
export type ProviderNotices = Partial<Record<Exclude<ConsentNotice, 'privacy_notice'>, { version: string; words: Record<NoticeLanguage, ProviderNoticeWords> }>>;

export interface ProviderAdapter {
  readonly key: ProviderKey;
  readonly description: ProviderDescription;
  /** The face checks this provider can do; a session asking for another is not offered it. */
  readonly faceChecks: readonly FaceCheck[];
  /**
   * For providers with two ways to capture (their SDK or ours): the flow a session with these
   * requirements gets. Without it, always `description.flow`.
   */
  flowFor?(requirements: Requirements): FlowKind;
  /** Notices the person must accept before this provider may start, for these requirements and country. */
  requiredNotices?(requirements: Requirements, country: string): ConsentNotice[];
  /** The words of every notice `requiredNotices` can name: served to the widget, and what a recorded text is checked against. */
  readonly notices?: ProviderNotices;
  initiate(ctx: InitiateContext): Promise<InitiateResult>;
  /**
   * The attempt initiate started is written: what the provider should hold of the person only
   * once our record can find it again (Onfido: the applicant's name, created under a placeholder
   * bound to the attempt), with `ctx.person`. Best effort, once: a failure is logged, and
   * `submit` makes sure of it too (the process may have died in between).
   */
  recorded?(ctx: AttemptContext): Promise<void>;
  /**
   * Fresh client credentials for an open attempt (an SDK token that expired mid-flow), or a new
   * try inside it (BankID's next order) with the provider references that now belong to it.
   */
  refreshClient?(ctx: AttemptContext): Promise<ProviderClient | RefreshedClient>;
  /**
   * The person finished in the browser: start the provider's decision (Onfido: create the check)
   * once, then answer like retrieve. Providers without it are only read.
   */
  submit?(ctx: AttemptContext): Promise<Outcome>;
  /** For attempts with our own capture (flow native_capture): the size limits of each image, in bytes. */
  readonly uploadLimits?: Record<CaptureSide, { min: number; max: number }>;
  /** Streams one image on to the provider; nothing of it is kept. */
  upload?(ctx: AttemptContext, image: UploadedImage): Promise<void>;
  /** Inline-token providers: verify the token the widget collected. */
  verifyToken?(ctx: AttemptContext, token: string): Promise<Outcome>;
  /** Providers with server-side state: read the attempt's current outcome from the provider. */
  retrieve?(ctx: AttemptContext): Promise<Outcome>;
  /**
   * For attempts the widget follows live (BankID's collect, hint codes and animated QR): while a
   * stream follows a pending attempt, `next` is asked every `intervalMs` and its outcome applied
   * like any other; a pending outcome may carry the attempt's next client state.
   */
  readonly follow?: {
    intervalMs: number;
    next(ctx: AttemptContext): Promise<Outcome>;
    /** When the attempt's next state is due, if not `intervalMs` after this ask (BankID: the next whole second of its order, when its QR code changes). */
    dueIn?(attempt: AttemptRecord): number;
  };
  /** Reads results the BFF does not keep: sensitive fields and short-lived image links. */
  results?(ctx: AttemptContext, want: { sensitive: boolean; images: boolean }): Promise<ProviderResults>;
  /**
   * Seed 004's identity profile report of what this provider established for a verified
   * identity attempt (include=identity_profile), mapped as the contract's table says
   * (contract/identity-profile.ts). Absent: the provider establishes nothing of who a person is.
   */
  identityProfile?(ctx: ProfileContext): Promise<IdentityProfileReport>;
  /** Erases the provider's copy of the person's data; safe to run again on what is gone. */
  redact?(ctx: AttemptContext): Promise<void>;
  /**
   * Ends at the provider an attempt that will not be finished (superseded, canceled, its notice
   * declined), so nothing stays pending there: Stripe's session canceled, Onfido's applicant or
   * Assure's dossier deleted. Safe to run on what is already gone.
   */
  abandon?(ctx: AttemptContext): Promise<void>;
  /**
   * What `initiate` created at the provider for this attempt, found by the ids it was bound to
   * (the session and attempt ids), for an intent whose answer was lost (the process died between
   * the provider's answer and our write): the sweeper records it on the attempt and abandons it,
   * so nothing stays orphaned there. Null when the provider holds nothing for it. Absent for
   * providers that cannot be searched so: their intents are swept without it.
   */
  findStarted?(ctx: { session: SessionRecord; attemptId: string }): Promise<{ sessionRef: string; privateData: Record<string, string> } | null>;
  /** The provider's own HTTP routes (its webhook, an OIDC callback), mounted under /v1/providers/<key>/. */
  routes?(router: ProviderRouter): void;
}

/** Verifies a webhook on its raw body; throws ApiError('webhook_signature_invalid') when forged. */
export type WebhookVerifier = (rawBody: string, headers: Headers) => Promise<VerifiedWebhook>;

/** Where a provider declares its routes; each is documented in /openapi.json like any other. */
export interface ProviderRouter {
  /** A route at /v1/providers/<key><path>, e.g. `/callback`. */
  add<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
    spec: Omit<RouteSpec<B, Q>, 'path' | 'tag'> & { path: `/${string}` },
    handler: (c: Context<AppEnv>, input: RouteInput<B, Q>) => Promise<Response> | Response,
  ): void;
  /**
   * The provider's webhook at /v1/providers/<key>/webhook (and at `aliases`, full paths already
   * configured at the provider): verified on the raw body before anything is parsed, deduplicated,
   * then the provider is re-read.
   */
  webhook(spec: { summary: string; aliases?: string[] }, verify: WebhookVerifier): void;
  /**
   * Where the provider sends the person back after a full-page redirect: GET
   * /v1/providers/<key>/callback. The attempt named by `refOf` is claimed once (a replayed or
   * forged callback finds none), `finish` reads the provider's verdict from the callback, and
   * the browser goes back to the page the attempt started on.
   */
  callback(spec: { summary: string }, handler: RedirectCallback): void;
  /** Writes to the session's audit trail from a provider's own route (an image read through a link). */
  audit(entry: { sessionId: string; actor: string; action: string; detail?: Record<string, string | number | boolean | null> }): Promise<void>;
}

export interface RedirectCallback {
  /** The attempt's session_ref named by the callback (from its state); throws when it names none. */
  refOf(url: URL): string;
  /** The provider's verdict from the callback (OIDC: code exchanged, id_token checked). Throws when there is none to record. */
  finish(ctx: AttemptContext, url: URL): Promise<Outcome>;
  /** Where the person goes back to: the page the attempt started on. */
  returnUrlOf(attempt: AttemptRecord): string | null;
}

export interface AdapterDeps {
  fetch: typeof fetch;
  /** For request bodies that stream (uploads): one that respects the socket's backpressure. */
  streamFetch: typeof fetch;
  clock: Clock;
  timeoutMs: number;
  /** Hostnames of the allowed host origins, for providers that report where they ran. */
  allowedHostnames: string[];
  /** The BFF's origin as browsers reach it (IDV_PUBLIC_URL), for callbacks a provider sends the person to; null when not set. */
  publicUrl: string | null;
  log: (entry: Record<string, unknown>) => void;
}

/**
 * Thrown by `abandon` or `redact` when the provider cannot do it yet but will (Stripe redacts a
 * session only once it is decided): the work is queued and asked again later, not logged as a failure.
 */
export class ProviderNotReady extends Error {
  override readonly name = 'ProviderNotReady';
}
