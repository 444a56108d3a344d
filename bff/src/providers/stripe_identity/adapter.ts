// Stripe Identity through the official `stripe` library: a VerificationSession per attempt, the
// widget runs Stripe.js's modal (or the hosted page) with its client secret, and the outcome
// is always read back from Stripe, never taken from the browser or a webhook body.
import Stripe from 'stripe';
import { z } from 'zod';
import type { OutcomeErrorCode } from '@identity-verify/contract/errors';
import { OUTCOME_ERRORS } from '@identity-verify/contract/errors';
import { faceCheckOf } from '@identity-verify/contract/vocabulary';
import type { StripeConfig } from './module.js';
import { ApiError, ProviderError } from '../../errors.js';
import { inProviderCall, safeProviderCode } from '../http.js';
import { sha256Hex } from '../../security/tokens.js';
import { ProviderNotReady, type AdapterDeps, type Outcome, type ProviderAdapter, type ProviderResults } from '../types.js';
import type { ProviderClient } from '@identity-verify/contract/schemas';
import { STRIPE_PROFILE_EXPAND, stripeIdentityProfile } from './identity-profile.js';

/** Stripe's last_error codes, onto ours; anything new or unlisted is a plain failure. */
const LAST_ERRORS: Record<string, OutcomeErrorCode> = {
  abandoned: 'abandoned',
  consent_declined: 'consent_declined',
  document_expired: 'document_expired',
  document_type_not_supported: 'document_type_not_supported',
  document_unverified_other: 'document_unverified_other',
  selfie_face_mismatch: 'selfie_face_mismatch',
  selfie_document_missing_photo: 'selfie_unverified_other',
  selfie_manipulated: 'selfie_unverified_other',
  selfie_unverified_other: 'selfie_unverified_other',
};
const CLIENT_SECRET_LIFETIME_MS = 24 * 3600_000;

/** What the BFF reads of a verified event: its id, its type and the object it is about. */
const EventEnvelope = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.object({ object: z.string().optional(), id: z.string().optional() }) }),
});

export function createStripeClient(key: string, config: StripeConfig, deps: AdapterDeps): Stripe {
  const base = new URL(config.apiBase);
  return new Stripe(key, {
    host: base.hostname,
    port: base.port || (base.protocol === 'https:' ? 443 : 80),
    protocol: base.protocol === 'http:' ? 'http' : 'https',
    httpClient: Stripe.createFetchHttpClient(deps.fetch),
    timeout: deps.timeoutMs,
    maxNetworkRetries: 1, // the library sends Idempotency-Key on retries, so a retried create is safe
    telemetry: false,
  });
}

/** Runs the Stripe call `operation` (named for logs and metrics), turning the library's errors into ours without their messages. */
export async function callStripe<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await inProviderCall({ provider: 'stripe_identity', operation }, call);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    const status = error.statusCode;
    // rawType is Stripe's own error.type (invalid_request_error); type is the library's class name.
    const providerCode = safeProviderCode(error.rawType ?? error.type, error.code);
    const known = { cause: error, operation, ...(status ? { status } : {}), ...(providerCode ? { providerCode } : {}) };
    if (error instanceof Stripe.errors.StripeConnectionError) {
      throw new ProviderError('provider_timeout', 'stripe_identity', 'Stripe could not be reached in time.', known);
    }
    if (error instanceof Stripe.errors.StripeRateLimitError || status === 429) {
      throw new ProviderError('provider_unavailable', 'stripe_identity', 'Stripe is rate limiting us.', known);
    }
    throw new ProviderError('provider_error', 'stripe_identity', `Stripe refused the request (${error.type}${error.code ? `, ${error.code}` : ''}).`, known);
  }
}

export function outcomeOf(session: Stripe.Identity.VerificationSession, client?: ProviderClient): Outcome {
  switch (session.status) {
    case 'verified': {
      const out = session.verified_outputs;
      return {
        status: 'verified',
        claims: ['verified_human', 'verified_identity'],
        assurance: 'high',
        ...(out ? { pii: { first_name: out.first_name, last_name: out.last_name, address: out.address } } : {}),
      };
    }
    case 'processing':
      return { status: 'processing' };
    case 'canceled':
      return { status: 'canceled', error: { code: 'abandoned', reason: OUTCOME_ERRORS.abandoned } };
    case 'requires_input': {
      if (!session.last_error?.code) return client ? { status: 'pending', client } : { status: 'pending' };
      const code = LAST_ERRORS[session.last_error.code] ?? 'verification_failed';
      // The reason text is ours: a provider's words may one day carry personal details.
      return {
        status: 'requires_input',
        error: { code, reason: OUTCOME_ERRORS[code] },
        attemptStaysOpen: true,
        httpError: 'provider_rejected',
        ...(client ? { client } : {}),
      };
    }
    default:
      return { status: 'pending' }; // a status Stripe adds later: wait for one we know
  }
}

/** Identity images may only be linked for this long (Stripe's rule for identity files). */
export const FILE_LINK_SECONDS = 30;

export function createStripeAdapter(config: StripeConfig, deps: AdapterDeps): ProviderAdapter & { client: Stripe } {
  const stripe = createStripeClient(config.secretKey.reveal(), config, deps);
  // Sensitive fields and images need the restricted key; without one they are simply not offered.
  const restricted = config.restrictedKey ? createStripeClient(config.restrictedKey.reveal(), config, deps) : null;

  return {
    key: 'stripe_identity',
    client: stripe,
    // Stripe matches a selfie photo to the document; it takes no video or motion capture.
    faceChecks: ['none', 'photo'],
    description: {
      name: 'Stripe Identity',
      supported_layers: ['humanity', 'identity'],
      claim_types: ['verified_human', 'verified_identity'],
      assurance_level: 'high',
      coverage: 'global',
      flow: 'sdk_modal',
    },

    async initiate({ session, attemptId, returnUrl }) {
      const created = await callStripe('create_verification_session', () =>
        stripe.identity.verificationSessions.create(
          {
            type: 'document',
            options: {
              document: {
                allowed_types: ['driving_license', 'id_card', 'passport'],
                require_live_capture: true,
                require_matching_selfie: faceCheckOf(session.requirements) === 'photo',
              },
            },
            client_reference_id: session.id,
            metadata: { idv_session: session.id, idv_attempt: attemptId },
            ...(returnUrl ? { return_url: returnUrl } : {}),
          },
          { idempotencyKey: attemptId },
        ),
      );
      if (!created.client_secret) throw new ProviderError('provider_error', 'stripe_identity', 'Stripe returned a session without a client secret.');
      const expiresAt = Math.min(created.created * 1000 + CLIENT_SECRET_LIFETIME_MS, Date.parse(session.expires_at));
      return {
        sessionRef: created.id,
        client: {
          provider_key: 'stripe_identity',
          flow: 'sdk_modal',
          publishable_key: config.publishableKey,
          client_secret: created.client_secret,
          url: created.url,
          stripe_js_url: config.jsUrl,
        },
        privateData: {},
        expiresAt: new Date(expiresAt),
      };
    },

    async findStarted({ session, attemptId }) {
      // Created with client_reference_id (our session) and metadata.idv_attempt (the attempt):
      // Stripe lists by the first, not by metadata, so the attempt is told apart here.
      const listed = await callStripe('list_verification_sessions', () =>
        stripe.identity.verificationSessions.list({ client_reference_id: session.id, limit: 100 }).autoPagingToArray({ limit: 1000 }),
      );
      const found = listed.find((s) => s.metadata?.idv_attempt === attemptId);
      return found ? { sessionRef: found.id, privateData: {} } : null;
    },

    async retrieve({ attempt }) {
      const session = await callStripe('retrieve_verification_session', () =>
        stripe.identity.verificationSessions.retrieve(attempt.session_ref, { expand: ['verified_outputs'] }),
      );
      // A redacted session has lost its metadata (Stripe erases it): it is ours, and over.
      if (session.redaction) return { status: 'canceled', error: { code: 'abandoned', reason: OUTCOME_ERRORS.abandoned } };
      if (session.metadata?.idv_attempt !== attempt.id) {
        throw new ProviderError('provider_error', 'stripe_identity', 'The Stripe session does not belong to this attempt.');
      }
      // A client secret serves one submission; after a failed one Stripe issues a fresh secret
      // and hosted URL, which the next try must use.
      const fresh =
        session.status === 'requires_input' && session.client_secret && attempt.client.provider_key === 'stripe_identity'
          ? { ...attempt.client, client_secret: session.client_secret, url: session.url ?? attempt.client.url }
          : undefined;
      return outcomeOf(session, fresh);
    },

    async results({ attempt }, want) {
      if (!restricted) {
        throw new ApiError('forbidden', 'Sensitive results and images need STRIPE_RESTRICTED_KEY configured on the BFF.');
      }
      const session = await callStripe('retrieve_verification_session_results', () =>
        restricted.identity.verificationSessions.retrieve(attempt.session_ref, {
          expand: [
            'verified_outputs',
            'last_verification_report',
            ...(want.sensitive
              ? ['verified_outputs.dob', 'verified_outputs.id_number', 'last_verification_report.document.number', 'last_verification_report.document.expiration_date']
              : []),
          ],
        }),
      );
      const report = typeof session.last_verification_report === 'object' ? session.last_verification_report : null;
      const out: ProviderResults = {};
      if (want.sensitive) {
        out.sensitive = {
          dob: session.verified_outputs?.dob ?? null,
          id_number: session.verified_outputs?.id_number ?? null,
          document_number: report?.document?.number ?? null,
          document_expiration_date: report?.document?.expiration_date ?? null,
        };
      }
      if (want.images) {
        const files: { kind: 'document' | 'selfie'; file: string }[] = [
          ...(report?.document?.files ?? []).map((file) => ({ kind: 'document' as const, file })),
          ...(report?.selfie?.selfie ? [{ kind: 'selfie' as const, file: report.selfie.selfie }] : []),
        ];
        const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + FILE_LINK_SECONDS;
        out.images = await Promise.all(
          files.map(async ({ kind, file }) => {
            const link = await callStripe('create_file_link', () => restricted.fileLinks.create({ file, expires_at: expiresAt }));
            return { kind, url: link.url ?? '', expires_at: new Date((link.expires_at ?? expiresAt) * 1000).toISOString() };
          }),
        );
      }
      return out;
    },

    async identityProfile(ctx) {
      // The date of birth and the document's number and expiry are Stripe's to give, and only to
      // the restricted key: read live for this report, never stored.
      if (!restricted) {
        throw new ApiError('forbidden', 'The identity profile needs STRIPE_RESTRICTED_KEY configured on the BFF: Stripe gives the date of birth only to it.');
      }
      const session = await callStripe('retrieve_verification_session_profile', () =>
        restricted.identity.verificationSessions.retrieve(ctx.attempt.session_ref, { expand: STRIPE_PROFILE_EXPAND }),
      );
      if (session.metadata?.idv_attempt !== ctx.attempt.id) {
        throw new ProviderError('provider_error', 'stripe_identity', 'The Stripe session does not belong to this attempt.');
      }
      // Verified here, so verified at Stripe, unless Stripe has since redacted it.
      if (session.status !== 'verified' || typeof session.last_verification_report !== 'object' || !session.last_verification_report) {
        throw new ProviderError('provider_error', 'stripe_identity', `Stripe holds no verified report for this attempt (${session.status}).`);
      }
      return stripeIdentityProfile(ctx, session);
    },

    async redact({ attempt }) {
      // Stripe redacts only sessions that are requires_input or verified. One it is processing
      // still holds the person's images and will be decided: redacted once it is (a queued job
      // asks again). A canceled one Stripe refuses, and holds nothing beyond its own rules.
      const current = await callStripe('retrieve_verification_session', () => stripe.identity.verificationSessions.retrieve(attempt.session_ref));
      if (current.status === 'processing') throw new ProviderNotReady('Stripe redacts a verification session once it is decided.');
      if (current.status === 'requires_input' || current.status === 'verified') {
        await callStripe('redact_verification_session', () => stripe.identity.verificationSessions.redact(attempt.session_ref));
      }
    },

    async abandon({ attempt }) {
      // Stripe cancels only a session waiting for the person; one being processed or decided stays.
      const current = await callStripe('retrieve_verification_session', () => stripe.identity.verificationSessions.retrieve(attempt.session_ref));
      if (current.status === 'requires_input') await callStripe('cancel_verification_session', () => stripe.identity.verificationSessions.cancel(attempt.session_ref));
    },

    routes(r) {
      // Configured webhook URLs at the provider keep working at the paths they were given.
      r.webhook({ summary: "Stripe's signed event (Stripe-Signature)", aliases: ['/v1/webhooks/stripe', '/v1/identity/webhooks/stripe'] }, async (rawBody, headers) => {
        const signature = headers.get('stripe-signature');
        let event: Stripe.Event;
        try {
          if (!signature) throw new Error('no signature');
          event = await stripe.webhooks.constructEventAsync(rawBody, signature, config.webhookSecret.reveal(), 300);
        } catch {
          throw new ApiError('webhook_signature_invalid');
        }
        // Signed, so Stripe's; but its shape is still read, not assumed: one we do not know is
        // acknowledged (deduplicated by its hash) instead of failing the delivery for ever.
        const parsed = EventEnvelope.safeParse(event);
        if (!parsed.success) return { eventId: sha256Hex(rawBody), type: 'unknown', sessionRef: null };
        const { id, type, data } = parsed.data;
        const ours = type.startsWith('identity.verification_session.') && data.object.object === 'identity.verification_session';
        return { eventId: id, type, sessionRef: ours && data.object.id ? data.object.id : null };
      });
    },
  };
}
