// The embed snippets, filled in with this stack's URLs. The API key is always a placeholder:
// it lives only on the demo's server and must never reach a page.
import type { Requirements } from '@identity-verify/contract/schemas';
import type { DemoConfig } from './api.js';

/** A service of yours asking to act for the person (delegation): set once, then sessions are created for it. */
export interface SnippetService {
  id: string;
  required_scopes: readonly string[];
  scope_descriptions: Readonly<Record<string, string>>;
}

export function backendSnippet(config: DemoConfig, requirements: Partial<Requirements>, locale: string, reuseClaims = false, service?: SnippetService): string {
  const indent = (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
  const { min_assurance, accepted_providers } = requirements;
  // A session for a service takes the service's requirements: they are set on the service, once.
  const serviceSetup = service
    ? [
        `curl -X POST ${config.bff_url}/v1/services/${service.id}/requirements \\`,
        `  -H "Authorization: Bearer $IDV_API_KEY" \\`,
        `  -H "Content-Type: application/json" \\`,
        `  -d '${indent({ layer: 'delegation', requires_claim: 'verified_identity', minimum_assurance: min_assurance, accepted_providers, required_scopes: service.required_scopes, scope_descriptions: service.scope_descriptions, requires_pii: true, lawful_basis: 'consent' })}'`,
        '',
      ]
    : [];
  const body = indent({ subject: '{your user id}', ...(reuseClaims ? { reuse_claims: true } : {}), ...(service ? { service_id: service.id } : { requirements }), locale });
  return [
    ...serviceSetup,
    `curl -X POST ${config.bff_url}/v1/sessions \\`,
    `  -H "Authorization: Bearer $IDV_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
    '',
    '# → 201 {"id": "…", "client_secret": "…", "status": "requires_input", "expires_at": "…"}',
    '# Hand client_secret to the page; keep the id to read the result.',
  ].join('\n');
}

export function pageSnippet(config: DemoConfig, widgetUrl: string, locale: string): string {
  return [
    `<script type="module" src="${widgetUrl}"></script>`,
    '',
    '<identity-verify',
    '  client-secret="{client_secret from your backend}"',
    `  api-base="${config.bff_url}"`,
    `  locale="${locale}"`,
    `  organization-name="${config.organization_name}"`,
    `  privacy-policy-url="{your privacy notice URL}">`,
    '</identity-verify>',
    '',
    '<!-- In your own module script: -->',
    "document.querySelector('identity-verify')",
    "  .addEventListener('identity-verify-complete', (event) => {",
    '    // event.detail = { session_id, status }: ask your backend for the result.',
    '  });',
  ].join('\n');
}

/**
 * The policy the BFF hands out for its enabled providers (GET /v1/widget/csp, with Trusted Types
 * required and a fresh nonce per response in place of {nonce}); the demo's own while it is unknown.
 */
export function cspSnippet(config: DemoConfig): string {
  const policy = config.widget_csp ?? config.content_security_policy;
  const lines = [`Content-Security-Policy: ${policy.split('; ').join(';\n  ')}`];
  if (config.widget_csp) {
    lines.push('', '# From GET /v1/widget/csp with your API key: put a fresh nonce per response in place of {nonce},', '# and the same nonce in <identity-verify nonce="…"> and on your script tags.');
  }
  return lines.join('\n');
}
