// Passports (seed 003): JWTs signed with ES256 by keys kept in the database (the private half
// sealed), rotated every KEY_SIGNS_DAYS and published at /.well-known/jwks.json until the last
// passport a key signed has expired. A passport carries a subject's chosen claims: humanity ones
// embedded, identity ones by claim_ref only. Revoking a claim revokes the active passports that
// carry it, and only those (smart revocation); verifiers learn of it by introspection (the
// issuing host) or the public status list.
import { exportJWK, generateKeyPair, importJWK, jwtVerify, createLocalJWKSet, SignJWT, decodeProtectedHeader, type JWK } from 'jose';
import { MAX_PASSPORT_TTL_SECONDS, type Introspection, type Passport, type PassportClaim, type PassportPayload } from '@identity-verify/contract/passports';
import type { AssuranceLevel, ClaimType, ProviderKey } from '@identity-verify/contract/vocabulary';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import { DELEGATION_CLAIM } from '@identity-verify/contract/delegation';
import type { Clock } from '../clock.js';
import { ApiError } from '../errors.js';
import { queuePassportRevoked } from '../events/outbox.js';
import type { PiiBox } from '../security/pii.js';
import { newId } from '../security/tokens.js';
import type { ClaimRow, PassportsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';

/** A key signs for this long, then a new one is made. */
export const KEY_SIGNS_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
const TOKEN_TYPE = 'passport+jwt';

type Transaction = Parameters<Parameters<Store['transaction']>[0]>[0];

export interface PassportDeps {
  store: Store;
  pii: PiiBox;
  clock: Clock;
  /** The passports' issuer (iss): the BFF's public URL. */
  issuer: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function createPassports({ store, pii, clock, issuer }: PassportDeps) {
  /** The key to sign with now: the newest still signing, or a new one (two replicas may both make one; both are published). */
  async function signingKey() {
    const now = clock.now().getTime();
    const current = (await store.passportKeys(iso(now))).find((k) => Date.parse(k.sign_until) > now);
    if (current) return { kid: current.kid, key: await importJWK(pii.open(current.private_jwk_sealed, current.kid) as JWK, 'ES256') };
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = newId('pk');
    const signUntil = now + KEY_SIGNS_DAYS * DAY_MS;
    await store.addPassportKey({
      kid,
      private_jwk_sealed: pii.seal(await exportJWK(privateKey), kid),
      public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }),
      created_at: iso(now),
      sign_until: iso(signUntil),
      publish_until: iso(signUntil + MAX_PASSPORT_TTL_SECONDS * 1000),
    });
    return { kid, key: privateKey };
  }

  /** The published keys, as /.well-known/jwks.json serves them. */
  async function jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await store.passportKeys(clock.now().toISOString())).map((k) => JSON.parse(k.public_jwk) as JWK) };
  }

  const carried = (claim: ClaimRow): PassportClaim =>
    claim.delegated_scopes
      ? {
          layer: 'delegation',
          claim_id: claim.id,
          type: DELEGATION_CLAIM,
          delegated_scopes: JSON.parse(claim.delegated_scopes) as string[],
          assurance_level: claim.assurance_level as AssuranceLevel,
          issued_at: claim.issued_at,
        }
      : claim.claim_ref
      ? { layer: 'identity', claim_ref: claim.claim_ref, type: claim.type as ClaimType, assurance_level: claim.assurance_level as AssuranceLevel }
      : {
          layer: 'humanity',
          claim_id: claim.id,
          type: claim.type as ClaimType,
          provider_key: claim.provider_key as ProviderKey,
          assurance_level: claim.assurance_level as AssuranceLevel,
          issued_at: claim.issued_at,
        };

  const view = (p: PassportsTable, claimIds: string[]): Passport => ({
    object: 'passport',
    id: p.id,
    subject: p.subject,
    claim_ids: claimIds,
    status: p.revoked_at ? 'revoked' : Date.parse(p.expires_at) <= clock.now().getTime() ? 'expired' : 'active',
    issued_at: p.issued_at,
    expires_at: p.expires_at,
    revoked_at: p.revoked_at,
    revoked_reason: (p.revoked_reason as Passport['revoked_reason']) ?? null,
  });

  /** Issues a passport for `subject` carrying `claimIds`, each of the tenant's subject, unrevoked and unexpired. */
  async function issue(tenant: string, request: { subject: string; identity_claim_ids: string[]; ttl_seconds: number; audience?: string | undefined }) {
    const now = clock.now().getTime();
    const ids = [...new Set(request.identity_claim_ids)];
    const claims: ClaimRow[] = [];
    for (const [index, id] of ids.entries()) {
      const claim = await store.findClaim(tenant, id);
      const problem = !claim || claim.subject !== request.subject
        ? "is not one of this subject's claims"
        : claim.revoked_at
          ? 'is revoked'
          : Date.parse(claim.expires_at) <= now
            ? 'has expired'
            : null;
      if (problem) throw new ApiError('validation_failed', undefined, { issues: [{ path: `body.identity_claim_ids.${index}`, message: `The claim ${id} ${problem}.` }] });
      claims.push(claim!);
    }
    // Never outlives the claims it carries.
    const expiresAt = Math.min(now + request.ttl_seconds * 1000, ...claims.map((c) => Date.parse(c.expires_at)));
    const { kid, key } = await signingKey();
    const jti = newId('psp');
    const identityClaims = claims.map(carried);
    const delegatedScopes = [...new Set(identityClaims.flatMap((c) => (c.layer === 'delegation' ? c.delegated_scopes : [])))];
    const payload: Omit<PassportPayload, 'iss' | 'sub' | 'aud' | 'jti' | 'iat' | 'exp'> = {
      identity_claims: identityClaims,
      // Seed 003: the delegated scopes are embedded in the passport.
      ...(delegatedScopes.length ? { delegated_scopes: delegatedScopes } : {}),
    };
    let jwt = new SignJWT({ ...payload })
      .setProtectedHeader({ alg: 'ES256', typ: TOKEN_TYPE, kid })
      .setIssuer(issuer)
      .setSubject(request.subject)
      .setJti(jti)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt / 1000));
    if (request.audience) jwt = jwt.setAudience(request.audience);
    const token = await jwt.sign(key);
    const row = { id: jti, tenant, subject: request.subject, kid, issued_at: iso(now), expires_at: iso(Math.floor(expiresAt / 1000) * 1000) };
    await store.transaction(async (tx) => {
      await tx.addPassport(row, ids);
      await tx.audit({ tenant, session_id: null, actor: 'host', action: 'passport.issued', detail: { passport_id: jti, claims: ids.length } });
    });
    return { ...view({ ...row, revoked_at: null, revoked_reason: null }, [...ids].sort()), token };
  }

  /**
   * RFC 7662's answer for a token the host holds: active only when it is ours (signature and
   * issuer), this tenant's, unexpired and unrevoked. With `resolve`, each claim_ref's personal
   * data, read from the encrypted store and audited.
   */
  async function introspect(tenant: string, token: string, resolve: boolean): Promise<Introspection> {
    let payload: PassportPayload;
    try {
      const kid = decodeProtectedHeader(token).kid;
      if (!kid) return { active: false };
      ({ payload } = (await jwtVerify(token, createLocalJWKSet(await jwks()), { issuer, algorithms: ['ES256'], typ: TOKEN_TYPE, currentDate: clock.now() })) as unknown as { payload: PassportPayload });
    } catch {
      return { active: false };
    }
    const passport = await store.findPassport(tenant, payload.jti);
    if (!passport || passport.revoked_at) return { active: false };
    const answer: Introspection = {
      active: true,
      jti: payload.jti,
      sub: payload.sub,
      ...(payload.aud ? { aud: payload.aud } : {}),
      iat: payload.iat,
      exp: payload.exp,
      identity_claims: payload.identity_claims,
      ...(payload.delegated_scopes ? { delegated_scopes: payload.delegated_scopes } : {}),
    };
    if (resolve) {
      const claims = await Promise.all((await store.passportClaimIds(passport.id)).map((id) => store.findClaim(tenant, id)));
      answer.resolved = [];
      for (const claim of claims) {
        if (!claim?.claim_ref) continue;
        const person = claim.pii_sealed ? (pii.open(claim.pii_sealed, claim.session_id) as VerifiedOutputs) : null;
        answer.resolved.push({ claim_ref: claim.claim_ref, verified_outputs: person });
        await store.audit({ tenant, session_id: claim.session_id, actor: 'host', action: 'claim_ref.resolved', detail: { passport_id: passport.id, claim_id: claim.id, erased: person === null } });
      }
    }
    return answer;
  }

  /** Revokes passports (one by id, or all carrying a claim) inside the caller's transaction, each told once by passport.revoked. */
  async function revokeWithin(tx: Transaction, tenant: string, which: { id: string } | { claimId: string }, at: string) {
    const reason = 'id' in which ? ('revoked' as const) : ('claim_revoked' as const);
    const revoked = await tx.revokePassports(tenant, which, reason, at);
    for (const passport of revoked) {
      await tx.audit({ tenant, session_id: null, actor: 'host', action: 'passport.revoked', detail: { passport_id: passport.id, reason, ...('claimId' in which ? { claim_id: which.claimId } : {}) } });
      await queuePassportRevoked(tx, passport, 'claimId' in which ? which.claimId : null);
    }
    return revoked;
  }

  async function revoke(tenant: string, id: string): Promise<Passport> {
    const at = clock.now().toISOString();
    await store.transaction(async (tx) => {
      if (!(await tx.findPassport(tenant, id))) throw new ApiError('not_found', 'No passport with that id.');
      await revokeWithin(tx, tenant, { id }, at);
    });
    return view((await store.findPassport(tenant, id))!, await store.passportClaimIds(id));
  }

  async function list(tenant: string, subject: string): Promise<Passport[]> {
    return Promise.all((await store.subjectPassports(tenant, subject)).map(async (p) => view(p, await store.passportClaimIds(p.id))));
  }

  async function statusList() {
    const now = clock.now().toISOString();
    return { object: 'passport_status_list' as const, updated_at: now, revoked: (await store.revokedPassports(now)).map((p) => ({ jti: p.id, revoked_at: p.revoked_at! })) };
  }

  return { issue, introspect, revoke, revokeWithin, list, jwks, statusList };
}

export type Passports = ReturnType<typeof createPassports>;
