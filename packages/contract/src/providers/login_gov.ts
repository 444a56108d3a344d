// Login.gov's part of the contract: the person signs in on Login.gov's own page (a full-page
// redirect) and comes back through the BFF. What the sign-in reached is kept for the host.
import { z } from 'zod';
import { httpUrl } from './shared.js';

export const LoginGovClientSchema = z.object({
  provider_key: z.literal('login_gov'),
  flow: z.literal('hosted_redirect'),
  url: httpUrl.describe("Login.gov's sign-in page for this attempt (OpenID Connect authorization request)."),
});
export type LoginGovClient = z.infer<typeof LoginGovClientSchema>;

export const LoginGovResultSchema = z.object({
  provider_key: z.literal('login_gov'),
  acr: z.string().describe('The service level Login.gov asserted the sign-in reached (its `acr`), e.g. urn:acr.login.gov:verified.'),
  ial: z.string().nullable().describe("Login.gov's `ial` attribute when it sent one."),
});
export type LoginGovResult = z.infer<typeof LoginGovResultSchema>;
