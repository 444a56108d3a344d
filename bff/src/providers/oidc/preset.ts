// A provider on the OIDC base as a short configuration, as GitHub is over OAuth 2 in openauth:
// the provider's fixed settings once, the deployment's settings (issuer, client, keys) per use.
import { createOidcClient, type OidcClient } from './client.js';
import type { OidcClientOptions, OidcProviderPreset, OidcProviderSettings } from './options.js';

/**
 * Fixes a provider's protocol settings and returns the factory its adapter calls with the
 * deployment's settings; anything the preset leaves out is required there, by type.
 */
export function defineOidcProvider<const P extends OidcProviderPreset>(preset: P): (settings: OidcProviderSettings<P>) => OidcClient {
  return (settings) => {
    // The types make preset + settings whole; TypeScript cannot see it through the generic
    // spread, and createOidcClient checks every option at run time anyway.
    return createOidcClient({ ...preset, ...settings } as OidcClientOptions);
  };
}
