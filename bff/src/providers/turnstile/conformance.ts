// Turnstile in the conformance suite: an inline token verified once, with no webhooks and nothing
// kept at Cloudflare for an attempt, so only the shared checks apply.
import type { ConformanceKit } from '../conformance-kit.js';

export const conformance: ConformanceKit = {
  offered: { country: 'SE', requirements: { layer: 'humanity', min_assurance: 'low' } },
  otherCountry: 'GB',
};
