// Login.gov in the conformance suite: offered to US residents for an identity. It sends no
// webhooks (the verdict comes back with the person), and an authorization request the person
// never finished holds nothing of them at Login.gov, so there is nothing to finish or hold here.
import type { ConformanceKit } from '../conformance-kit.js';

export const conformance: ConformanceKit = {
  offered: { country: 'US', requirements: { layer: 'identity', min_assurance: 'substantial' } },
  // Login.gov serves the US only; without `held` no move is tried.
  otherCountry: 'US',
};
