// Yoti IDV through the official SDK's IDVClient: a Yoti session per attempt, asking for the
// identity profile the host named (./profile.ts); the widget frames Yoti's user view with the
// session's id and client token; the verdict is always read back from Yoti's session result, on
// a notification, a sync or the widget's completion, never taken from the user view's message.
import { z } from 'zod';
import type { YotiClient } from '@identity-verify/contract/providers/yoti';
import { ApiError, ProviderError } from '../../errors.js';
import { safeEqual, sha256Hex } from '../../security/tokens.js';
import type { SessionRecord } from '../../store/store.js';
import type { AdapterDeps, AttemptContext, Outcome, ProviderAdapter } from '../types.js';
import { createYotiApi, yoti } from './client.js';
import type { YotiConfig } from './module.js';
import { outcomeOf, personOf, readSession, ReportSchema, sensitiveOf, type IdentityProfileReport } from './outcome.js';
import { certifiedReport } from './identity-profile.js';
import { parseIdentityProfile, PROFILE_METADATA_KEY, profileName, type IdentityProfileRequirements } from './profile.js';

export const YOTI_WEBHOOK_PATH = '/v1/providers/yoti/webhook';
/** Yoti's floor for a client session token, and how long we let one live at most. */
const MIN_TOKEN_TTL_S = 300;
const MAX_TOKEN_TTL_S = 3_600;
/** Yoti keeps a session's resources at least a day past its token; one more day lets a late notification or the reconciler still read the verdict. */
const RESOURCES_PAST_TOKEN_S = 2 * 86_400;

/** A notification as Yoti sends it: the session and a lower-case topic (plus the check, task or resource it names). */
const NotificationSchema = z.looseObject({
  session_id: z.string().min(1).max(255),
  topic: z.string().regex(/^[a-z_]{1,64}$/),
});

export function createYotiAdapter(config: YotiConfig, deps: AdapterDeps): ProviderAdapter {
  const api = createYotiApi(config, deps);
  const webOrigin = new URL(config.webUrl).origin;
  const notificationToken = config.notificationToken.reveal();

  /** The profile this session asks for: its metadata's, else the deployment's default. */
  function profileFor(session: SessionRecord): IdentityProfileRequirements {
    const named = session.metadata[PROFILE_METADATA_KEY];
    if (named === undefined) return config.defaultProfile;
    const choice = parseIdentityProfile(named);
    if (!choice.ok) {
      throw new ApiError('validation_failed', `The session's metadata ${PROFILE_METADATA_KEY} does not name a Yoti identity profile.`, {
        issues: [{ path: `metadata.${PROFILE_METADATA_KEY}`, message: choice.problem }],
      });
    }
    return choice.requirements;
  }

  function clientFor(sessionId: string, clientToken: string): YotiClient {
    const url = new URL(config.webUrl);
    url.searchParams.set('sessionID', sessionId);
    url.searchParams.set('sessionToken', clientToken);
    return { provider_key: 'yoti', flow: 'embedded_sdk', iframe_url: url.toString(), origin: webOrigin };
  }

  /** The identity profile report Yoti certified, as the JSON media it serves it as (null: not JSON). */
  async function readReportDocument(sessionId: string, mediaId: string): Promise<unknown> {
    const media = await api.call('get_media_content', (c) => c.getMediaContent(sessionId, mediaId));
    try {
      return media ? JSON.parse(media.getContent().toString('utf8')) : null;
    } catch {
      // Null: refused by the caller like any other report it cannot read.
      return null;
    }
  }

  async function readReport(sessionId: string, mediaId: string): Promise<IdentityProfileReport> {
    const parsed = ReportSchema.safeParse(await readReportDocument(sessionId, mediaId));
    if (!parsed.success) throw new ProviderError('provider_error', 'yoti', 'Yoti answered with an identity profile report we cannot read.', { operation: 'get_media_content' });
    return parsed.data;
  }

  /** The profile the attempt's Yoti session was created with (kept with it), whatever the default is now. */
  function askedOf(ctx: AttemptContext): IdentityProfileRequirements {
    const kept = ctx.attempt.private_data.identity_profile;
    const choice = kept ? parseIdentityProfile(kept) : null;
    return choice?.ok ? choice.requirements : profileFor(ctx.session);
  }

  async function decide(ctx: AttemptContext, submitted: boolean): Promise<Outcome> {
    const result = await api.find('get_session', (c) => c.getSession(ctx.attempt.session_ref));
    // Deleted (by us, or past its resources_ttl): nothing is left to verify.
    if (!result) return { status: 'failed', error: { code: 'session_expired', reason: 'Yoti no longer holds the session.' } };
    const verdict = outcomeOf(readSession(result), askedOf(ctx), ctx.session.requirements.layer, submitted);
    if (verdict.outcome.status !== 'verified' || !verdict.reportMediaId) return verdict.outcome;
    // Only a session that asked who the person is keeps their name and date of birth (sealed).
    return { ...verdict.outcome, pii: personOf(await readReport(ctx.attempt.session_ref, verdict.reportMediaId)) };
  }

  async function deleteSession({ attempt }: AttemptContext): Promise<void> {
    // Yoti deletes the session with its resources and media; one already gone answers 404, which is done too.
    await api.find('delete_session', (c) => c.deleteSession(attempt.session_ref));
  }

  return {
    key: 'yoti',
    // Identity profiles take a selfie with liveness and match it to the document; no video or motion capture is asked for.
    faceChecks: ['none', 'photo'],
    description: {
      name: 'Yoti',
      supported_layers: ['identity'],
      claim_types: ['verified_identity'],
      assurance_level: 'high',
      // Seed 003 does not list Yoti; its identity documents cover some 200 countries.
      coverage: 'global',
      flow: 'embedded_sdk',
    },

    async initiate({ session, attemptId }) {
      const profile = profileFor(session);
      const secondsLeft = Math.floor((Date.parse(session.expires_at) - deps.clock.now().getTime()) / 1000);
      const tokenTtl = Math.min(MAX_TOKEN_TTL_S, Math.max(MIN_TOKEN_TTL_S, secondsLeft));
      const builder = new yoti.SessionSpecificationBuilder()
        .withClientSessionTokenTtl(tokenTtl)
        .withResourcesTtl(tokenTtl + RESOURCES_PAST_TOKEN_S)
        .withUserTrackingId(attemptId)
        // Opaque to Yoti: our session's id, which its report names as subject_id.
        .withSubject({ subject_id: session.id })
        .withIdentityProfileRequirements(profile)
        .withSdkConfig(new yoti.SdkConfigBuilder().withAllowsCameraAndUpload().build());
      // Notifications need the BFF's public address; without one the verdict is read on sync and completion.
      if (deps.publicUrl) {
        builder.withNotifications(
          new yoti.NotificationConfigBuilder()
            .withEndpoint(`${deps.publicUrl}${YOTI_WEBHOOK_PATH}`)
            .withAuthToken(notificationToken)
            .withAuthTypeBearer()
            .forSessionCompletion()
            .build(),
        );
      }
      const created = await api.call('create_session', (c) => c.createSession(builder.build()));
      const sessionId = created.getSessionId();
      const clientToken = created.getClientSessionToken();
      if (!sessionId || !clientToken) throw new ProviderError('provider_error', 'yoti', 'Yoti created a session without its id or token.', { operation: 'create_session' });
      const ttl = Number(created.getClientSessionTokenTtl()) || tokenTtl;
      return {
        sessionRef: sessionId,
        client: clientFor(sessionId, clientToken),
        privateData: { identity_profile: profileName(profile) },
        expiresAt: new Date(Math.min(deps.clock.now().getTime() + ttl * 1000, Date.parse(session.expires_at))),
      };
    },

    retrieve: (ctx) => decide(ctx, false),
    // The user view said it finished: Yoti is read, and a document handed in means Yoti is deciding.
    submit: (ctx) => decide(ctx, true),

    async results(ctx, want) {
      const out: { sensitive?: ReturnType<typeof sensitiveOf>; images?: [] } = {};
      if (want.sensitive) {
        const result = await api.find('get_session', (c) => c.getSession(ctx.attempt.session_ref));
        const mediaId = result?.getIdentityProfile()?.getIdentityProfileReport()?.getMedia()?.getId();
        out.sensitive = mediaId ? sensitiveOf(await readReport(ctx.attempt.session_ref, mediaId)) : { dob: null, id_number: null, document_number: null, document_expiration_date: null };
      }
      // Yoti's images are media read with our signed key, not links that expire: handing them on
      // would make the BFF hold them, so none are offered.
      if (want.images) out.images = [];
      return out;
    },

    async identityProfile(ctx) {
      // Yoti's own report, read again from Yoti (we keep only what personOf takes of it).
      const result = await api.find('get_session', (c) => c.getSession(ctx.attempt.session_ref));
      if (!result) throw new ProviderError('provider_error', 'yoti', 'Yoti no longer holds the session, nor the report it certified.', { operation: 'get_session', status: 404 });
      const mediaId = readSession(result).profile?.reportMediaId;
      if (!mediaId) throw new ProviderError('provider_error', 'yoti', 'Yoti names no identity profile report for this session.', { operation: 'get_session' });
      return certifiedReport(await readReportDocument(ctx.attempt.session_ref, mediaId), ctx.session.id);
    },

    redact: deleteSession,
    // A Yoti session has no cancel: it is deleted, so neither its token nor anything captured stays.
    abandon: deleteSession,

    routes(r) {
      r.webhook({ summary: "Yoti's session notification (Authorization: Bearer with the configured notification token)" }, async (rawBody, headers) => {
        const presented = /^Bearer (\S+)$/i.exec(headers.get('authorization') ?? '')?.[1];
        if (!presented || !safeEqual(presented, notificationToken)) throw new ApiError('webhook_signature_invalid');
        // The token proves the sender, not the body: one that is not a notification is refused as unverified.
        let body: unknown;
        try {
          body = JSON.parse(rawBody);
        } catch {
          throw new ApiError('webhook_signature_invalid');
        }
        const parsed = NotificationSchema.safeParse(body);
        if (!parsed.success) throw new ApiError('webhook_signature_invalid');
        // Notifications carry no id; a re-delivery carries the same body, so its hash is the id.
        return { eventId: sha256Hex(rawBody), type: parsed.data.topic, sessionRef: parsed.data.session_id };
      });
    },
  };
}
