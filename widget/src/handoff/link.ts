// The handoff link: the host page's URL with the token in its fragment. A fragment is never sent
// to a server (not in requests, not in Referer), so the token reaches only the phone's widget,
// which takes it out of the address bar as soon as it has read it.

/** The fragment parameter, as the contract names it (HANDOFF_FRAGMENT in @identity-verify/contract/handoff). */
export const HANDOFF_PARAM = 'idv-handoff';

/**
 * The link for `token`: the element's `handoff-url` (the page the phone should open), else this
 * page without its query or fragment (they may hold the host's own state, which the phone has no use for).
 */
export function handoffLink(token: string, handoffUrl: string | null, page: string): string {
  const url = new URL(handoffUrl || page, page);
  if (!handoffUrl) url.search = '';
  url.hash = `${HANDOFF_PARAM}=${token}`;
  return url.href;
}

/** The token in a fragment (`#idv-handoff=…`, possibly among other `&` parameters), or null. */
export function tokenOf(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get(HANDOFF_PARAM);
  return token && /^[0-9A-Za-z]{32}$/.test(token) ? token : null;
}

/** `href` with the token taken out of its fragment, and the fragment gone if nothing else was in it. */
export function withoutToken(href: string): string {
  const url = new URL(href);
  const params = new URLSearchParams(url.hash.replace(/^#/, ''));
  params.delete(HANDOFF_PARAM);
  url.hash = params.toString();
  return url.href.replace(/#$/, '');
}
