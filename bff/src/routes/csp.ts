// GET /v1/widget/csp: the Content-Security-Policy a host page needs to run the widget with the
// providers this BFF has enabled. Each provider declares its own sources (csp in its module); the
// widget adds the BFF's origin and its capture's blob: previews; the header puts them together.
import {
  CSP_DIRECTIVES,
  CSP_NONCE_PLACEHOLDER,
  WIDGET_TRUSTED_TYPES,
  WidgetCspSchema,
  type CspSources,
  type WidgetCsp,
} from '@identity-verify/contract/csp';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import type { AppDeps } from '../app.js';
import type { BffConfig } from '../config.js';
import type { RouteTable } from '../http/route.js';
import { PROVIDER_MODULES } from '../providers/index.js';
import type { ProviderModule, Settings } from '../providers/module.js';

/** The widget's own needs: its calls to the BFF, photo previews held in memory, the compression worker beside its chunks. */
const widgetSources = (bffOrigin: string): CspSources => ({
  'script-src': ["'self'"],
  'connect-src': [bffOrigin],
  'img-src': ['blob:'],
  'worker-src': ["'self'"],
});

/** Each enabled provider's sources, in the providers' list order. */
export function providerSources(config: BffConfig): Partial<Record<ProviderKey, CspSources>> {
  const sources: Partial<Record<ProviderKey, CspSources>> = {};
  for (const module of PROVIDER_MODULES as readonly ProviderModule<ProviderKey, Settings, unknown>[]) {
    const providerConfig = (config.providers as Partial<Record<ProviderKey, unknown>>)[module.key];
    if (providerConfig) sources[module.key] = module.csp(providerConfig);
  }
  return sources;
}

/** The whole answer; `bffOrigin` is where browsers reach this BFF. */
export function widgetCsp(config: BffConfig, bffOrigin: string): WidgetCsp {
  const widget = widgetSources(bffOrigin);
  const providers = providerSources(config);
  const directives: CspSources = {};
  for (const directive of CSP_DIRECTIVES) {
    const all = [widget, ...Object.values(providers)].flatMap((sources) => sources[directive] ?? []);
    if (all.length) directives[directive] = [...new Set(all)];
  }
  return {
    object: 'widget_csp',
    directives,
    sources: { widget, providers },
    trusted_types: [...WIDGET_TRUSTED_TYPES],
    nonce_placeholder: CSP_NONCE_PLACEHOLDER,
    header: policyHeader(directives),
  };
}

/**
 * A strict policy around the sources: the page's own files, its nonce for the entry script (the
 * chunks it imports inherit it), nothing inline, no plugins, and Trusted Types required.
 */
function policyHeader(directives: CspSources): string {
  const list = (directive: keyof CspSources, ...first: string[]) => [...new Set([...first, ...(directives[directive] ?? [])])];
  const frames = directives['frame-src'] ?? [];
  const parts: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', list('script-src', "'self'", `'nonce-${CSP_NONCE_PLACEHOLDER}'`)],
    ['frame-src', frames.length ? frames : ["'none'"]],
    ['connect-src', list('connect-src', "'self'")],
    ['img-src', list('img-src', "'self'")],
    ['worker-src', list('worker-src', "'self'")],
    ['style-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['require-trusted-types-for', ["'script'"]],
    ['trusted-types', [...WIDGET_TRUSTED_TYPES]],
  ];
  return parts.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

export function cspRoutes(routes: RouteTable, { config }: AppDeps) {
  routes.add(
    {
      method: 'get',
      path: '/v1/widget/csp',
      summary:
        "The Content-Security-Policy a page needs for the widget and this BFF's enabled providers: sources by directive and by provider, the Trusted Types policy names, and a header with a {nonce} placeholder",
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'The policy', schema: WidgetCspSchema } },
    },
    (c) => c.json(widgetCsp(config, config.publicUrl ? new URL(config.publicUrl).origin : new URL(c.req.url).origin)),
  );
}
