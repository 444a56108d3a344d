// A browser without a browser: follows an authorization URL through the emulator (redirects,
// cookies, the sign-in page's form) until the emulator sends the person elsewhere, and returns that
// URL, the relying party's callback, without fetching it. Tests and the stack's scripted runs use
// it where a person would click through the sign-in page.
import { redirectPageTarget, type SignInChoice } from './persona-page.js';

/** Where the interaction page lives: the form posts back to the same path. */
export const INTERACTION_PATH_PREFIX = '/interaction/';
const MAX_HOPS = 20;

class CookieJar {
  // Keyed by name and path, as a browser keys them.
  readonly #cookies = new Map<string, { name: string; value: string; path: string }>();

  header(url: URL): string {
    return [...this.#cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  take(response: Response, url: URL): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || url.pathname.replace(/\/[^/]*$/, '') || '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
      const key = `${name}|${path}`;
      if (!value || expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }
}

export async function driveSignIn(fetchApp: typeof fetch, authorizationUrl: string | URL, choice: SignInChoice): Promise<URL> {
  const jar = new CookieJar();
  let next = new URL(authorizationUrl);
  const origin = next.origin;
  let method: 'GET' | 'POST' = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    if (next.origin !== origin) return next;
    const cookie = jar.header(next);
    const headers: Record<string, string> = cookie ? { cookie } : {};
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetchApp(next, { method, redirect: 'manual', headers, ...(body ? { body } : {}) });
    jar.take(response, next);
    const location = response.headers.get('location');
    if (location) {
      await response.body?.cancel();
      next = new URL(location, next);
      method = 'GET';
      body = undefined;
      continue;
    }
    const text = await response.text();
    const onward = response.status === 200 ? redirectPageTarget(text) : null;
    if (onward) {
      // The page that navigates on after the form (renderRedirectPage), followed as a browser would.
      next = new URL(onward, next);
      method = 'GET';
      body = undefined;
      continue;
    }
    if (response.status === 200 && method === 'GET' && next.pathname.startsWith(INTERACTION_PATH_PREFIX)) {
      // The sign-in page: answer its form as a person would.
      method = 'POST';
      body = new URLSearchParams({ person: choice.person, outcome: choice.outcome });
      continue;
    }
    throw new Error(`The sign-in stopped at ${method} ${next.pathname} with HTTP ${response.status}: ${text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300)}`);
  }
  throw new Error(`The sign-in did not leave the emulator within ${MAX_HOPS} redirects.`);
}
