// The Content-Security-Policy a host page needs for the widget and the providers this BFF has
// enabled (GET /v1/widget/csp): the sources of each, by directive, their union, and a header
// ready to send with a placeholder where the page's per-response nonce goes.
import { z } from 'zod';
import { PROVIDER_KEYS } from './vocabulary.js';

/** The directives the widget and its providers add sources to; the rest of a policy is the host's. */
export const CSP_DIRECTIVES = ['script-src', 'frame-src', 'connect-src', 'img-src', 'worker-src'] as const;
export type CspDirective = (typeof CSP_DIRECTIVES)[number];

/** Sources by directive: origins (https://challenges.cloudflare.com) or keywords ('self', blob:). */
export type CspSources = Partial<Record<CspDirective, string[]>>;

/** The Trusted Types policies the widget creates: its own for script URLs, and Lit's for templates. */
export const WIDGET_TRUSTED_TYPES = ['identity-verify', 'lit-html'] as const;

/** What the header's nonce is written as; the host replaces it with each response's fresh nonce. */
export const CSP_NONCE_PLACEHOLDER = '{nonce}';

const SourcesSchema = z.partialRecord(z.enum(CSP_DIRECTIVES), z.array(z.string()));

export const WidgetCspSchema = z.object({
  object: z.literal('widget_csp'),
  directives: SourcesSchema.describe("Every source the page needs, by directive: the widget's and every enabled provider's."),
  sources: z
    .object({ widget: SourcesSchema, providers: z.partialRecord(z.enum(PROVIDER_KEYS), SourcesSchema) })
    .describe("Whose each source is: the widget's (the BFF's origin, the capture's blob: previews), then each enabled provider's."),
  trusted_types: z.array(z.string()).describe('The Trusted Types policy names the widget creates, for the trusted-types directive.'),
  nonce_placeholder: z.literal(CSP_NONCE_PLACEHOLDER),
  header: z
    .string()
    .describe("A whole policy: the directives above, 'nonce-{nonce}' in script-src, Trusted Types required, and strict defaults for the rest."),
});
export type WidgetCsp = z.infer<typeof WidgetCspSchema>;
