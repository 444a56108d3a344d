// An OIDC emulator's own controls over HTTP, under /__emulator__/<name>/: sign in without a
// browser and register redirect URIs, for callers outside the emulator's process.
import type { Hono } from 'hono';
import { z } from 'zod';
import { CONTROL_PREFIX, controlError, parseControlBody } from '../kit.js';
import type { OidcControls } from './core.js';
import { PERSONA_OUTCOMES } from './persona-page.js';

const SignInBody = z.object({
  authorization_url: z.string().url(),
  person: z.string().min(1).max(100).optional(),
  outcome: z.enum(PERSONA_OUTCOMES).optional(),
});
const RedirectUriBody = z.object({ uri: z.string().url() });

export function oidcControlsIndex(name: string): string[] {
  const base = `${CONTROL_PREFIX}/${name}`;
  return [
    `POST ${base}/sign_in {authorization_url, person?, outcome?: ${PERSONA_OUTCOMES.join('|')}} → {callback_url}`,
    `GET|POST ${base}/redirect_uris {uri}`,
  ];
}

export function mountOidcControls(app: Hono, name: string, controls: OidcControls, extra: readonly string[] = []): void {
  const base = `${CONTROL_PREFIX}/${name}`;
  app.get(base, (c) => c.json({ emulator: name, controls: [...oidcControlsIndex(name), ...extra] }));
  app.post(`${base}/sign_in`, async (c) => {
    const body = await parseControlBody(c, SignInBody);
    if (body instanceof Response) return body;
    try {
      const callback = await controls.signIn(body.authorization_url, {
        ...(body.person ? { person: body.person } : {}),
        ...(body.outcome ? { outcome: body.outcome } : {}),
      });
      return c.json({ callback_url: callback.href });
    } catch (error) {
      return controlError(c, 400, 'sign_in_failed', (error as Error).message);
    }
  });
  app.get(`${base}/redirect_uris`, (c) => c.json({ redirect_uris: controls.redirectUris() }));
  app.post(`${base}/redirect_uris`, async (c) => {
    const body = await parseControlBody(c, RedirectUriBody);
    if (body instanceof Response) return body;
    try {
      controls.addRedirectUri(body.uri);
    } catch (error) {
      return controlError(c, 400, 'validation_failed', (error as Error).message);
    }
    return c.json({ redirect_uris: controls.redirectUris() }, 201);
  });
}
