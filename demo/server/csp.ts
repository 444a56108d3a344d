// The demo's Content-Security-Policy and companion headers: the page must run the widget the
// way a careful integrator would, with no inline script, no eval and only the origins it needs.
import type { MiddlewareHandler } from 'hono';

export interface CspOrigins {
  /** Origin of the BFF the widget calls (connect-src). */
  bffOrigin: string;
  /** Origins of provider code the widget loads (Turnstile's api.js, Stripe.js) and their frames. */
  providerOrigins?: readonly string[];
  /** Origins of provider APIs that provider code calls from the page itself (Onfido's SDK uploads images to its API). */
  providerApiOrigins?: readonly string[];
}

/** Builds the policy; every origin is validated so a typo fails at start, not in the browser. */
export function contentSecurityPolicy({ bffOrigin, providerOrigins = [], providerApiOrigins = [] }: CspOrigins): string {
  const bff = originOf(bffOrigin, 'bffOrigin');
  const providers = [...new Set(providerOrigins.map((o) => originOf(o, 'providerOrigins')))];
  const apis = [...new Set(providerApiOrigins.map((o) => originOf(o, 'providerApiOrigins')))];
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", ...providers]],
    ['frame-src', providers.length ? providers : ["'none'"]],
    ['connect-src', ["'self'", bff, ...apis]],
    // blob: for previews of photos a person just took, held in memory only.
    ['img-src', ["'self'", 'blob:']],
    ['style-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

function originOf(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${option} must be an absolute http(s) URL, got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${option} must be an http(s) URL, got ${JSON.stringify(value)}.`);
  }
  return url.origin;
}

/** Sets the policy and the usual hardening headers on every response, pages and assets alike. */
export function securityHeaders(origins: CspOrigins): MiddlewareHandler {
  const policy = contentSecurityPolicy(origins);
  return async function securityHeadersMiddleware(c, next) {
    await next();
    c.header('Content-Security-Policy', policy);
    c.header('X-Content-Type-Options', 'nosniff');
    // The origin only, never the path: Onfido accepts its SDK token only from the pages it was
    // bound to (the referrer), which it can tell only if the browser names the origin.
    c.header('Referrer-Policy', 'strict-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
  };
}
