// ID.me on the OIDC base: the session's requirements choose the policy (scope) asked for, and the
// outcome is mapped from the policy ID.me asserts the person completed (its acr), never the one
// asked. ID.me's access token works once, so the BFF spends it on the attributes call, which
// carries the person's verified attributes, their communities and, with Document Passback, a
// token per document image.
import { OUTCOME_ERRORS } from '@identity-verify/contract/errors';
import type { IdMeResult } from '@identity-verify/contract/providers/id_me';
import type { ImageLink, Requirements } from '@identity-verify/contract/schemas';
import { faceCheckOf, meetsAssurance } from '@identity-verify/contract/vocabulary';
import type { Context } from 'hono';
import { errorBody } from '../../http/boundary.js';
import type { AppEnv } from '../../http/env.js';
import { ApiError } from '../../errors.js';
import { accountSignInDescription, createOidcAdapter } from '../oidc/adapter.js';
import { defineOidcProvider } from '../oidc/preset.js';
import type { OidcSignIn } from '../oidc/client.js';
import type { AdapterDeps, Outcome, ProviderAdapter } from '../types.js';
import { readAttributes, personOf } from './attributes.js';
import { idMeProfile } from './identity-profile.js';
import type { IdMeConfig } from './module.js';
import { documentRateLimit, fetchDocumentImage, imageLinks, sizeParameter } from './passback.js';

const idMe = defineOidcProvider({
  name: 'ID.me',
  scopes: ['openid'],
  // The access token is single use: it goes to the attributes endpoint, never to userinfo as well.
  userinfo: false,
});

/** A session needs the IAL2 policy when it asks for an identity, high assurance or a face check. */
const needsIdentity = (r: Requirements) => r.layer === 'identity' || r.min_assurance === 'high' || faceCheckOf(r) !== 'none';

const DOCUMENT_PREFIX = 'document_';

export function createIdMeAdapter(config: IdMeConfig, deps: AdapterDeps): ProviderAdapter {
  if (!deps.publicUrl) throw new Error('ID.me needs IDV_PUBLIC_URL: its sign-in comes back to the BFF.');
  const publicUrl = deps.publicUrl;
  const oidc = idMe({
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: `${publicUrl}/v1/providers/id_me/callback`,
    clientAuth: { method: config.clientAuth, secret: config.clientSecret },
    allowInsecureHttp: !config.issuer.startsWith('https:'),
    timeoutMs: deps.timeoutMs,
    fetch: deps.fetch,
    clock: deps.clock,
  });
  const links = config.passbackToken ? imageLinks(config.passbackToken, deps.clock) : null;
  const limit = documentRateLimit(deps.clock);
  const refreshed = new Map<string, string>();

  const notReached = (reason: string, details: IdMeResult): Outcome => ({
    status: 'requires_input',
    error: { code: 'verification_failed', reason: `${OUTCOME_ERRORS.verification_failed} ${reason}` },
    details,
  });

  async function outcomeOf(signIn: OidcSignIn, requirements: Requirements): Promise<Outcome> {
    const acr = signIn.acr ?? '';
    const identity = acr === config.policies.ial2;
    if (!identity && acr !== config.policies.ial1) {
      return notReached('ID.me did not say which policy the sign-in completed.', { provider_key: 'id_me', acr, groups: [] });
    }
    if (needsIdentity(requirements) && !identity) {
      return notReached('The ID.me account is not verified at the level this service needs.', { provider_key: 'id_me', acr, groups: [] });
    }
    const assurance = identity ? 'high' : 'substantial';
    if (!meetsAssurance(assurance, requirements.min_assurance)) {
      return notReached(`ID.me reached ${assurance} assurance; ${requirements.min_assurance} is required.`, { provider_key: 'id_me', acr, groups: [] });
    }
    if (!identity) return { status: 'verified', claims: ['verified_human'], assurance, details: { provider_key: 'id_me', acr, groups: [] } };
    const attributes = await readAttributes({ apiBase: config.apiBase, fetch: deps.fetch, timeoutMs: deps.timeoutMs }, signIn.tokens.accessToken);
    const documents = config.passbackToken ? attributes.documentTokens : {};
    return {
      status: 'verified',
      claims: ['verified_human', 'verified_identity'],
      assurance,
      pii: personOf(attributes.values),
      details: { provider_key: 'id_me', acr, groups: attributes.groups },
      privateData: Object.fromEntries(Object.entries(documents).map(([side, token]) => [`${DOCUMENT_PREFIX}${side}`, token])),
    };
  }

  const adapter = createOidcAdapter(
    {
      key: 'id_me',
      description: accountSignInDescription('ID.me', ['US']),
      oidc,
      // ID.me's IAL2 identity verification compares a selfie with the document.
      faceChecks: ['none', 'photo'],
      acrValues: () => [],
      scopes: (requirements) => ['openid', needsIdentity(requirements) ? config.policies.ial2 : config.policies.ial1],
      outcomeOf: (signIn, ctx) => outcomeOf(signIn, ctx.session.requirements),
      clientOf: (url) => ({ provider_key: 'id_me', flow: 'hosted_redirect', url }),
    },
    deps,
  );

  return {
    ...adapter,
    identityProfile: async (ctx) => idMeProfile(ctx),
    // Links to the document images ID.me verified, each answered by the BFF for 30 s (below).
    async results(ctx, want) {
      if (!want.images || !links) return {};
      const images: ImageLink[] = [];
      for (const side of ['front', 'back'] as const) {
        const token = ctx.attempt.private_data[`${DOCUMENT_PREFIX}${side}`];
        if (!token) continue;
        const { link, expiresAt } = links.seal({ sessionId: ctx.session.id, side, token });
        images.push({ kind: 'document', url: `${publicUrl}/v1/providers/id_me/images/${link}`, expires_at: expiresAt.toISOString() });
      }
      return { images };
    },
    routes(router) {
      adapter.routes?.(router);
      router.add(
        {
          method: 'get',
          path: '/images/:link',
          summary: 'A document image ID.me verified, through a link from include=images: streamed from ID.me, never stored; the link works for 30 s. `size=WxH` resizes, keeping the aspect ratio.',
          auth: 'none',
          responses: { 200: { description: 'The image (image/jpeg)' }, 404: { description: 'Not a link of ours, or expired' }, 429: { description: "ID.me's limit of 2 fetches a minute per document: wait Retry-After seconds" } },
        },
        async (c) => {
          const document = links?.open(c.req.param('link') ?? '');
          if (!document) throw new ApiError('not_found', 'This image link is not valid, or it has expired (links work for 30 seconds).');
          const size = sizeParameter(c.req.query('size'));
          const slot = limit.take(document.token);
          const audit = (outcome: string) =>
            router.audit({ sessionId: document.sessionId, actor: 'image_link', action: 'image.read', detail: { provider_key: 'id_me', side: document.side, size, outcome } });
          if (!slot.ok) return tooMany(c, slot.retryAfterSeconds, audit);
          const image = await fetchDocumentImage(
            { apiBase: config.apiBase, passbackToken: config.passbackToken!, fetch: deps.streamFetch, timeoutMs: deps.timeoutMs },
            document.token,
            size,
            refreshed,
          );
          if (!image.ok) {
            limit.block(document.token, image.retryAfterSeconds);
            return tooMany(c, image.retryAfterSeconds, audit);
          }
          await audit('served');
          const headers = new Headers({ 'content-type': image.response.headers.get('content-type')!, 'cache-control': 'no-store' });
          const length = image.response.headers.get('content-length');
          if (length) headers.set('content-length', length);
          return new Response(image.response.body, { status: 200, headers });
        },
      );
    },
  };
}

async function tooMany(c: Context<AppEnv>, retryAfterSeconds: number, audit: (outcome: string) => Promise<void>): Promise<Response> {
  await audit('rate_limited');
  const error = new ApiError('rate_limited', `ID.me allows 2 fetches a minute of each document image: try again in ${retryAfterSeconds} s.`);
  c.set('errorCode', error.code);
  return c.json(errorBody(c, error), 429, { 'retry-after': String(retryAfterSeconds) });
}
