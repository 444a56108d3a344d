// Login.gov's own pages around the sign-in, as the emulator shows them: the error page for a
// request it cannot send back to the client, and the logout confirmation. Plain HTML, no script.
import { escapeHtml, pageHeading, renderMessagePage } from '../shared/oidc/index.js';

export const PROVIDER_NAME = 'Login.gov';
export const LOGOUT_CONFIRM_LABEL = 'Yes, sign out of Login.gov';

/** The authorization error page: Login.gov lists every full message. */
export function renderAuthorizeErrorPage(messages: readonly string[]): string {
  return renderMessagePage(PROVIDER_NAME, 'Authorization error', messages);
}

export function renderLogoutErrorPage(messages: readonly string[]): string {
  return renderMessagePage(PROVIDER_NAME, 'Logout error', messages);
}

/**
 * Login.gov's question before a relying party's logout. The form posts the request back to the
 * logout path with its button, so the page needs no script.
 */
export function renderLogoutConfirmation(action: string, fields: Readonly<Record<string, string>>): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign out: ${escapeHtml(pageHeading(PROVIDER_NAME))}</title>
</head>
<body>
<main>
<h1>${escapeHtml(pageHeading(PROVIDER_NAME))}</h1>
<h2>Do you want to sign out of Login.gov?</h2>
<form method="post" action="${escapeHtml(action)}">
${hidden}
<button type="submit">${LOGOUT_CONFIRM_LABEL}</button>
</form>
</main>
</body>
</html>`;
}
