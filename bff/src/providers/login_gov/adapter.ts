// Login.gov on the OIDC base: the session's requirements choose the service level asked for, and
// the outcome is mapped from the level Login.gov asserts was reached (its acr), never the one asked.
//
//   auth-only                        an account holder who signed in with multi-factor: a human, substantial
//   verified                         identity verified (not IAL2): human and identity, high
//   verified-facial-match-required   identity verified with a facial match (IAL2): the same, and the face check done
import { OUTCOME_ERRORS } from '@identity-verify/contract/errors';
import type { Requirements, VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { LoginGovResult } from '@identity-verify/contract/providers/login_gov';
import { faceCheckOf, meetsAssurance } from '@identity-verify/contract/vocabulary';
import { accountSignInDescription, createOidcAdapter } from '../oidc/adapter.js';
import { defineOidcProvider } from '../oidc/preset.js';
import type { OidcSignIn } from '../oidc/client.js';
import type { AdapterDeps, Outcome, ProviderAdapter } from '../types.js';
import { loginGovProfile, profileDataOf } from './identity-profile.js';
import { established, LOGIN_GOV_ACR } from './levels.js';
import type { LoginGovConfig } from './module.js';

export { LOGIN_GOV_ACR } from './levels.js';

const loginGov = defineOidcProvider({
  name: 'Login.gov',
  // Only what a session needs is asked for (adapter scopes below); a human check needs no personal data.
  scopes: ['openid'],
  prompt: 'select_account',
  // Login.gov reads no client_id in the token call and accepts only the token URL as the assertion's aud.
  tokenEndpoint: { assertionAudience: 'token_endpoint', sendClientId: false },
  userinfo: true,
});

/** What a session needs of Login.gov: proofing when it asks for an identity or high assurance, a facial match when it asks for a face check. */
function levelFor(requirements: Requirements): { acr: string; proofed: boolean } {
  const face = faceCheckOf(requirements) !== 'none';
  const proofed = face || requirements.layer === 'identity' || requirements.min_assurance === 'high';
  return { acr: face ? LOGIN_GOV_ACR.facialMatch : proofed ? LOGIN_GOV_ACR.verified : LOGIN_GOV_ACR.authOnly, proofed };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** The person as Login.gov shares them (userinfo, else the id_token's claims), in our verified outputs' shape. */
function personOf(claims: Record<string, unknown>): VerifiedOutputs {
  const address = claims.address && typeof claims.address === 'object' ? (claims.address as Record<string, unknown>) : null;
  const [line1 = null, line2 = null] = text(address?.street_address)?.split('\n') ?? [];
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text(claims.birthdate) ?? '');
  const ssn = text(claims.social_security_number)?.replace(/\D/g, '');
  return {
    first_name: text(claims.given_name),
    last_name: text(claims.family_name),
    address: address ? { line1, line2, city: text(address.locality), state: text(address.region), postal_code: text(address.postal_code), country: 'US' } : null,
    dob: birth ? { year: Number(birth[1]), month: Number(birth[2]), day: Number(birth[3]) } : null,
    // Only the last four are kept, and only when the deployment asked for the number at all.
    ...(ssn && ssn.length >= 4 ? { id_number_last4: ssn.slice(-4) } : {}),
  };
}

/** The sign-in did not reach what the session needs: the person can take another way. */
const notReached = (reason: string, details?: LoginGovResult): Outcome => ({
  status: 'requires_input',
  error: { code: 'verification_failed', reason: `${OUTCOME_ERRORS.verification_failed} ${reason}` },
  ...(details ? { details } : {}),
});

export function createLoginGovAdapter(config: LoginGovConfig, deps: AdapterDeps): ProviderAdapter {
  if (!deps.publicUrl) throw new Error('Login.gov needs IDV_PUBLIC_URL: its sign-in comes back to the BFF.');
  const oidc = loginGov({
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: `${deps.publicUrl}/v1/providers/login_gov/callback`,
    clientAuth: { method: 'private_key_jwt', privateKey: config.privateKey, alg: 'RS256' },
    allowInsecureHttp: !config.issuer.startsWith('https:'),
    timeoutMs: deps.timeoutMs,
    fetch: deps.fetch,
    clock: deps.clock,
  });

  function outcomeOf(signIn: OidcSignIn, requirements: Requirements): Outcome {
    const claims = { ...signIn.idTokenClaims, ...signIn.userinfo } as Record<string, unknown>;
    const reached = signIn.acr ? established(signIn.acr, text(claims.ial)) : null;
    if (!reached) return notReached('Login.gov did not say which level the sign-in reached.');
    const details: LoginGovResult = { provider_key: 'login_gov', acr: signIn.acr!, ial: text(claims.ial) };
    const needed = levelFor(requirements);
    if (needed.proofed && !reached.claims.includes('verified_identity')) {
      return notReached('The Login.gov account is not identity-verified.', details);
    }
    if (needed.acr === LOGIN_GOV_ACR.facialMatch && !reached.facialMatch) {
      return notReached('The Login.gov account was verified without a facial match.', details);
    }
    if (!meetsAssurance(reached.assurance, requirements.min_assurance)) {
      return notReached(`Login.gov reached ${reached.assurance} assurance; ${requirements.min_assurance} is required.`, details);
    }
    const proofed = reached.claims.includes('verified_identity');
    return {
      status: 'verified',
      claims: reached.claims,
      assurance: reached.assurance,
      ...(proofed ? { pii: personOf(claims) } : {}),
      details,
      // The sign-in's aal and Login.gov's verified_at, for the identity profile (no PII).
      privateData: profileDataOf(claims),
    };
  }

  const adapter = createOidcAdapter(
    {
      key: 'login_gov',
      description: accountSignInDescription('Login.gov', ['US']),
      oidc,
      faceChecks: ['none', 'photo'],
      acrValues: (requirements) => [levelFor(requirements).acr],
      scopes: (requirements) =>
        levelFor(requirements).proofed
          ? ['openid', 'profile', 'address', ...(config.askSsn ? ['social_security_number'] : [])]
          : ['openid'],
      extraParams: ({ session }) => {
        const params: Record<string, string> = {};
        const language = session.locale?.slice(0, 2).toLowerCase();
        if (language === 'es' || language === 'fr') params.locale = language;
        if (config.verifiedWithin && levelFor(session.requirements).proofed) params.verified_within = config.verifiedWithin;
        return params;
      },
      outcomeOf: (signIn, ctx) => outcomeOf(signIn, ctx.session.requirements),
      clientOf: (url) => ({ provider_key: 'login_gov', flow: 'hosted_redirect', url }),
    },
    deps,
  );
  return { ...adapter, identityProfile: async (ctx) => loginGovProfile(ctx) };
}
