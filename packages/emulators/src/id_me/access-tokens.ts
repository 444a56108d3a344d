// ID.me's access tokens are single use (docs.id.me token expiration): "If a client attempts to
// reuse one, the request will be denied and the token revoked." The first call to userinfo or
// attributes.json spends the token; any later presentation answers 401 and revokes what is left.
import type { Context, Hono } from 'hono';
import type { OidcCore } from '../shared/oidc/index.js';
import { accessDenied, presentedAccessToken, type AccessCheck } from './attributes.js';
import { ID_ME_PATHS } from './provider.js';
import type { Verifications } from './verifications.js';

type Denial = Extract<AccessCheck, { ok: false }>;

const REUSED: Denial = {
  ok: false,
  error: 'invalid_token',
  description: 'This access token was already used; ID.me access tokens are single use, and a reused one is revoked.',
};
const INVALID: Denial = { ok: false, error: 'invalid_token', description: 'The access token is invalid or expired.' };
const MISSING: Denial = { ok: false, error: 'invalid_request', description: 'No access token was sent.' };

export class SingleUseAccessTokens {
  // Opaque tokens are their own id (oidc-provider's jti), so spent values are remembered as they are.
  readonly #spent = new Set<string>();

  constructor(
    private readonly core: OidcCore,
    private readonly verifications: Verifications,
  ) {}

  /** For attributes.json: the verification behind the token, which is spent by this call. */
  async spend(value: string | undefined, requestUrl: string): Promise<AccessCheck> {
    if (!value) return MISSING;
    if (await this.#refuseReuse(value, requestUrl)) return REUSED;
    const provider = await this.core.provider(requestUrl);
    const token = await provider.AccessToken.find(value);
    if (!token) return INVALID;
    this.#spent.add(value);
    await token.destroy();
    const verification = this.verifications.byGrant(token.grantId);
    return verification ? { ok: true, verification } : INVALID;
  }

  /** Puts the same rule in front of oidc-provider's userinfo; call before the core is mounted. */
  guardUserinfo(app: Hono): void {
    app.on(['GET', 'POST'], ID_ME_PATHS.userinfo, async (c) => {
      const value = await this.#userinfoToken(c);
      if (value && (await this.#refuseReuse(value, c.req.url))) return accessDenied(c, REUSED);
      if (value) this.#spent.add(value);
      const response = await this.core.forward(c.req.raw);
      if (value) await (await this.core.provider(c.req.url)).AccessToken.find(value).then((token) => token?.destroy());
      return response;
    });
  }

  clear(): void {
    this.#spent.clear();
  }

  /** A spent token presented again: denied, and whatever is left of it revoked. */
  async #refuseReuse(value: string, requestUrl: string): Promise<boolean> {
    if (!this.#spent.has(value)) return false;
    const provider = await this.core.provider(requestUrl);
    await (await provider.AccessToken.find(value))?.destroy();
    return true;
  }

  /** userinfo takes the token as a Bearer header, in the query, or in a POSTed form. */
  async #userinfoToken(c: Context): Promise<string | undefined> {
    const presented = presentedAccessToken(c);
    if (presented || c.req.method !== 'POST') return presented;
    const form = new URLSearchParams(await c.req.raw.clone().text());
    return form.get('access_token') ?? undefined;
  }
}
