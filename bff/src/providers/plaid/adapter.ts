// Plaid Identity Verification through the official `plaid` client. An attempt of ours is one Plaid
// user: its client_user_id is the attempt's id (opaque, never PII), which is also its session_ref.
// Link, opened with a link token for that user and our template, creates the user's first IDV
// attempt at Plaid; "Try again" after a failure is Plaid's /identity_verification/retry on the same
// user, and a fresh link token then opens the new attempt. The verdict is always read from Plaid's
// server, never taken from Link's callbacks or a webhook body: /identity_verification/list by
// client_user_id and template answers every IDV attempt of the user (the same objects /get
// answers), and the newest one is the attempt's current state. Webhooks name an IDV attempt only:
// /identity_verification/get tells whose (client_user_id), which finds our attempt.
//
// What Plaid keeps when we leave: Plaid has no API to cancel an IDV attempt or to redact one (in
// the 2020-09-14 API's IDV paths). An attempt we abandon holds at most a link token (expiring on
// its own) and, if the person opened Link, an IDV attempt Plaid expires per the template; no
// later attempt of ours resumes it, since each uses a new client_user_id. So there is no abandon,
// and redact says in the log that Plaid's copy must be deleted through Plaid (dashboard/support).
import { CountryCode, Products, Strategy } from 'plaid';
import { ApiError } from '../../errors.js';
import type { AdapterDeps, AttemptContext, ProviderAdapter, RefreshedClient } from '../types.js';
import type { PlaidClient } from '@identity-verify/contract/providers/plaid';
import { callPlaid, createPlaidApi, LinkTokenSchema, PlaidRefusal, VerificationListSchema, VerificationSchema, WebhookKeySchema, type Verification } from './client.js';
import { plaidProfile, ProfileVerificationSchema } from './identity-profile.js';
import type { PlaidConfig } from './module.js';
import { MAX_TRIES, newestOf, outcomeOf } from './outcome.js';
import { createWebhookVerifier, readWebhook } from './webhook.js';

/** Pages of /identity_verification/list read at most for one user: one attempt of ours makes at most MAX_TRIES. */
const MAX_LIST_PAGES = 5;

export function createPlaidAdapter(config: PlaidConfig, deps: AdapterDeps): ProviderAdapter {
  const api = createPlaidApi(config, deps);
  const verifySignature = createWebhookVerifier({
    fetchKey: async (kid) => (await callPlaid('webhook_verification_key_get', WebhookKeySchema, () => api.webhookVerificationKeyGet({ key_id: kid }), { retry: true })).key,
    nowSeconds: () => Math.floor(deps.clock.now().getTime() / 1000),
  });

  /** Every IDV attempt Plaid holds for this user on our template. */
  async function attemptsOf(clientUserId: string): Promise<Verification[]> {
    const all: Verification[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const listed = await callPlaid(
        'identity_verification_list',
        VerificationListSchema,
        () => api.identityVerificationList({ client_user_id: clientUserId, template_id: config.templateId, ...(cursor ? { cursor } : {}) }),
        { retry: true },
      );
      all.push(...listed.identity_verifications);
      if (!listed.next_cursor) break;
      cursor = listed.next_cursor;
    }
    return all;
  }

  /** A link token for this user on our template: Link opens the user's newest IDV attempt, or creates the first. */
  async function linkTokenFor(clientUserId: string, gaveConsent: boolean): Promise<PlaidClient> {
    const created = await callPlaid('link_token_create', LinkTokenSchema, () =>
      api.linkTokenCreate({
        client_name: config.clientName,
        // Both required. IDV ignores `language`; its `country_codes` is the company's country, not
        // the person's (whose country the template's steps ask in Link). A company outside the US
        // would need this as a setting.
        language: 'en',
        country_codes: [CountryCode.Us],
        user: { client_user_id: clientUserId },
        products: [Products.IdentityVerification],
        // Consent to share their data with Plaid was given to us (our privacy notice): Plaid then skips its terms step.
        identity_verification: { template_id: config.templateId, gave_consent: gaveConsent },
        // Plaid sends IDV webhooks to the dashboard's URL and ignores this one (its OpenAPI says
        // so); it is given anyway so a reader of the token sees where they belong.
        ...(deps.publicUrl ? { webhook: `${deps.publicUrl}/v1/providers/plaid/webhook` } : {}),
      }),
    );
    return { provider_key: 'plaid', flow: 'sdk_modal', link_token: created.link_token, link_script_url: config.linkScriptUrl };
  }

  const triesOf = (ctx: AttemptContext) => Number(ctx.attempt.private_data.tries ?? '1');

  async function retrieve(ctx: AttemptContext) {
    const current = newestOf(await attemptsOf(ctx.attempt.session_ref));
    // Nothing at Plaid yet: the person has not opened Link.
    if (!current) return { status: 'pending' as const };
    return outcomeOf(current, { identity: ctx.session.requirements.layer === 'identity', mayRetry: triesOf(ctx) < MAX_TRIES });
  }

  return {
    key: 'plaid',
    // Plaid takes a selfie exactly when the template says so: a session cannot turn it on or off.
    faceChecks: config.templateSelfie ? ['photo'] : ['none'],
    description: {
      name: 'Plaid Identity Verification',
      supported_layers: ['identity'],
      claim_types: ['verified_identity'],
      assurance_level: 'high',
      // Seed 003: the US, Canada, the UK and the EU.
      coverage: ['US', 'CA', 'GB', 'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'],
      flow: 'sdk_modal',
    },

    async initiate({ session, attemptId, acceptedNotices }) {
      const gaveConsent = acceptedNotices.includes('privacy_notice');
      const client = await linkTokenFor(attemptId, gaveConsent);
      return {
        sessionRef: attemptId,
        client,
        privateData: { gave_consent: String(gaveConsent), tries: '1' },
        // Plaid's link token lives 4 hours, but an IDV session opened with it does not expire with it; a new one is a refresh away.
        expiresAt: new Date(session.expires_at),
      };
    },

    async findStarted({ attemptId }) {
      // Link creates the IDV attempt; before it opens, Plaid holds nothing findable for us.
      return (await attemptsOf(attemptId)).length ? { sessionRef: attemptId, privateData: {} } : null;
    },

    async refreshClient(ctx): Promise<PlaidClient | RefreshedClient> {
      const clientUserId = ctx.attempt.session_ref;
      const gaveConsent = ctx.attempt.private_data.gave_consent === 'true';
      const current = newestOf(await attemptsOf(clientUserId));
      if (current?.status !== 'failed') {
        // Not opened yet, or still in progress: a fresh link token for the same user resumes it.
        return linkTokenFor(clientUserId, gaveConsent);
      }
      const tries = triesOf(ctx);
      if (tries >= MAX_TRIES) throw new ApiError('no_pending_session', 'No tries are left for this verification.');
      // `incomplete`: the new attempt starts at the step that failed, and the steps the person
      // passed (their phone, their terms) stay passed, so they redo only what went wrong. The
      // outcome mapping only keeps an attempt open after such steps, where Plaid allows it.
      const retried = await callPlaid('identity_verification_retry', VerificationSchema, () =>
        api.identityVerificationRetry({ client_user_id: clientUserId, template_id: config.templateId, strategy: Strategy.Incomplete }),
      );
      const client = await linkTokenFor(clientUserId, gaveConsent);
      // The new IDV attempt's id is kept for an operator looking it up at Plaid; reads find it by the user.
      return { client, privateData: { tries: String(tries + 1), identity_verification_id: retried.id } };
    },

    retrieve,

    async identityProfile(ctx) {
      // The verdict named the IDV attempt it was read from; the steps' details are read from
      // Plaid now, as they are kept nowhere here.
      const kept = ctx.details?.provider_key === 'plaid' ? ctx.details.identity_verification_id : null;
      const id = kept ?? newestOf(await attemptsOf(ctx.attempt.session_ref))?.id;
      if (!id) throw new ApiError('not_found', 'Plaid holds no identity verification for this attempt.');
      const v = await callPlaid('identity_verification_get', ProfileVerificationSchema, () => api.identityVerificationGet({ identity_verification_id: id }), { retry: true });
      return plaidProfile(ctx, v);
    },

    async redact({ attempt }) {
      // No IDV redaction in Plaid's API: said once per attempt for an operator, ids only.
      deps.log({ level: 'warn', msg: 'plaid keeps its copy: delete it through Plaid', provider: 'plaid', attempt_id: attempt.id });
    },

    routes(r) {
      r.webhook({ summary: "Plaid's signed IDV webhook (Plaid-Verification, ES256)" }, async (rawBody, headers) => {
        const { deliveryId } = await verifySignature(rawBody, headers.get('plaid-verification'));
        const event = readWebhook(rawBody);
        if (!event.identityVerificationId) return { eventId: deliveryId, type: event.type, sessionRef: null };
        const idvId = event.identityVerificationId;
        return {
          eventId: deliveryId,
          type: event.type,
          sessionRef: null,
          // The webhook names Plaid's attempt only; Plaid says whose it is.
          resolveRef: async () => {
            try {
              const v = await callPlaid('identity_verification_get', VerificationSchema, () => api.identityVerificationGet({ identity_verification_id: idvId }), { retry: true });
              return v.template.id === config.templateId ? v.client_user_id : null;
            } catch (error) {
              // Plaid does not know it (another environment's attempt): nothing of ours. Plaid failing is answered, so it sends again.
              if (error instanceof PlaidRefusal) return null;
              throw error;
            }
          },
        };
      });
    },
  };
}
