// The host's `complete-url`: where the widget sends the page once the session reached a final
// status, usually an app's own scheme or universal link, so the app closes its WebView.

/** Schemes that would run or embed content in this page rather than leave it for the app. */
const REFUSED = new Set(['javascript:', 'data:', 'vbscript:', 'blob:', 'file:', 'about:', 'filesystem:']);

/** The attribute's URL (relative to the page), or null when it is missing, malformed or of a refused scheme. */
export function parseCompleteUrl(value: string | null, base: string): URL | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = new URL(text, base);
    return REFUSED.has(url.protocol) ? null : url;
  } catch {
    return null;
  }
}

/** The URL with the session's id and final status: no PII, no secret (the app reads the result from its backend). */
export function completionUrl(url: URL, session_id: string, status: string): string {
  const next = new URL(url.href);
  next.searchParams.set('session_id', session_id);
  next.searchParams.set('status', status);
  return next.href;
}
