// Login.gov's checks of an RP-initiated logout, after identity-idp's OpenidConnectLogoutForm:
// client_id is required and id_token_hint refused (Login.gov stopped accepting it), the
// post-logout redirect must be a registered redirect URI, and state, if sent, is 22+ characters.
// Each problem is a full message; any problem means the error page instead of the confirmation.
import { sameUri, type RegisteredClient } from './authorize.js';

const MIN_STATE_LENGTH = 22;

export function checkLogoutRequest(query: URLSearchParams, clients: readonly RegisteredClient[]): string[] {
  const clientId = query.get('client_id') ?? '';
  const redirectUri = query.get('post_logout_redirect_uri') ?? '';
  const client = clients.find((c) => c.clientId === clientId);
  const messages: string[] = [];
  if (client && !client.redirectUris.some((uri) => sameUri(uri, redirectUri))) {
    messages.push('Redirect uri redirect_uri does not match registered redirect_uri');
  }
  if (clientId === '') messages.push('Client client_id is missing');
  if (query.get('id_token_hint')) {
    messages.push('Id token hint This application is misconfigured and should not be sending id_token_hint. Please send client_id instead.');
  }
  if (redirectUri === '') messages.push('Post logout redirect uri can’t be blank');
  const state = query.get('state');
  if (state !== null && state.length < MIN_STATE_LENGTH) messages.push(`State is too short (minimum is ${MIN_STATE_LENGTH} characters)`);
  if (clientId !== '' && !query.get('id_token_hint') && !client) messages.push('Client client_id was not recognized');
  return messages;
}

