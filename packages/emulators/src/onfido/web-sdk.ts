// The browser's side of the Onfido emulator: the emulated Web SDK UI served as ES modules under
// /web-sdk/v14/ (what the real npm loader `import()`s when given `sdkUrl`), and CORS for every
// path a page on another origin calls: the module itself and the SDK-facing /v3, /v3.3 and /v4
// paths. Those are authorised by the SDK token in a bearer header, never by cookies, so `*` is a
// safe allowed origin; the public /v3.6 API (server-to-server, `Token token=`) gets no CORS at all.
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import { cors } from 'hono/cors';

export const WEB_SDK_PREFIX = '/web-sdk/v14';
/** What to pass as the loader's `sdkUrl`: `${emulatorOrigin}${WEB_SDK_PATH}`. */
export const WEB_SDK_PATH = `${WEB_SDK_PREFIX}/Onfido.js`;
/** Path prefixes the Web SDK calls from the browser. */
export const BROWSER_PATHS = ['/v3/*', '/v3.3/*', '/v4/*', `${WEB_SDK_PREFIX}/*`] as const;

/** Served name → file in ./assets. The entry keeps the real SDK's file name; its parts import each other relatively. */
const MODULES: Record<string, string> = {
  'Onfido.js': 'onfido-ui.js',
  'onfido-ui-flow.js': 'onfido-ui-flow.js',
  'onfido-ui-screens.js': 'onfido-ui-screens.js',
  'onfido-ui-api.js': 'onfido-ui-api.js',
  'onfido-ui-camera.js': 'onfido-ui-camera.js',
  'onfido-ui-styles.js': 'onfido-ui-styles.js',
};
const SOURCES = Object.fromEntries(Object.entries(MODULES).map(([served, file]) => [served, readFileSync(new URL(`./assets/${file}`, import.meta.url), 'utf8')]));

export function mountWebSdk(app: Hono): void {
  const browserCors = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type', 'x-onfido-sdk-platform', 'x-onfido-sdk-version'],
    maxAge: 600,
  });
  for (const path of BROWSER_PATHS) app.use(path, browserCors);

  app.get(`${WEB_SDK_PREFIX}/:name`, (c: Context) => {
    const source = SOURCES[c.req.param('name') ?? ''];
    if (source === undefined) return c.text('Not found', 404);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    return c.body(source);
  });
}
