// For the demo server's tests only: a small stand-in for the BFF speaking the host API's wire
// format (sessions, a subject's claims and passports), with the behaviour the demo relies on:
// reuse of a subject's claims, and revoking a claim revokes the active passports carrying it.
// The real BFF is exercised by the e2e suite.
import { Hono } from 'hono';

export const API_KEY = 'sk_test_demo_0123456789abcdef';
export const BFF = 'http://127.0.0.1:8787';

interface FakeClaim {
  id: string; object: 'identity_claim'; type: 'verified_human' | 'verified_identity'; layer: 'humanity' | 'identity'; subject: string | null; session_id: string;
  provider_key: 'stripe_identity'; assurance_level: 'substantial'; status: 'active' | 'revoked'; issued_at: string; expires_at: string; revoked_at: string | null; claim_ref: string | null;
  delegated_scopes: null; basis_claim_id: null;
}
interface FakePassport {
  object: 'passport'; id: string; subject: string; claim_ids: string[]; status: 'active' | 'revoked'; issued_at: string; expires_at: string;
  revoked_at: string | null; revoked_reason: 'claim_revoked' | null; token: string;
}

export function fakeBff() {
  const sessions = new Map<string, Record<string, unknown>>();
  const claims = new Map<string, FakeClaim>();
  const passports = new Map<string, FakePassport>();
  /** The writes the demo asked of the BFF, in order. */
  const seen: Array<{ method: string; path: string; body: unknown }> = [];
  const notFound = { error: { code: 'not_found', message: 'Not found.' } };
  const bff = new Hono();
  bff.use('*', async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${API_KEY}`) {
      return c.json({ error: { code: 'unauthorized', message: 'Missing or invalid credentials.' } }, 401);
    }
    // Writes only: what the demo asked the BFF to do.
    if (c.req.method !== 'GET') seen.push({ method: c.req.method, path: c.req.path, body: await c.req.raw.clone().json().catch(() => undefined) });
    await next();
  });
  const held = (subject: unknown, type: string) => [...claims.values()].some((c) => c.subject === subject && c.type === type && c.status === 'active');
  // A service's requirement, as set: a session for the service takes its layer, assurance and providers, and asks its scopes.
  const services = new Map<string, Record<string, unknown> & { layer: string; minimum_assurance: string; accepted_providers: string[]; required_scopes: string[] }>();
  bff.post('/v1/services/:id/requirements', async (c) => {
    const requirement = { object: 'service_requirement', service_id: c.req.param('id'), ...(await c.req.json()), updated_at: new Date().toISOString() };
    services.set(c.req.param('id'), requirement);
    return c.json({ lawful_basis: null, scope_descriptions: {}, ...requirement }, 201);
  });
  bff.post('/v1/sessions', async (c) => {
    const body = await c.req.json();
    const id = `ivs_${sessions.size + 1}`;
    const now = new Date().toISOString();
    const service = body.service_id ? services.get(body.service_id) : undefined;
    const fromService = service && { layer: service.layer === 'humanity' ? 'humanity' : 'identity', min_assurance: service.minimum_assurance, accepted_providers: service.accepted_providers };
    const requirements = { layer: 'humanity', min_assurance: 'low', accepted_providers: [], allowed_countries: [], ...(fromService ?? body.requirements) };
    const delegation = service?.layer === 'delegation' ? { scopes: service.required_scopes.map((scope) => ({ scope, description: null })), status: 'pending', claim_id: null } : null;
    const reused = body.reuse_claims === true && held(body.subject, requirements.layer === 'identity' ? 'verified_identity' : 'verified_human');
    const status = reused ? 'verified' : 'requires_input';
    sessions.set(id, {
      id, object: 'identity_session', reference: body.reference ?? null, subject: body.subject ?? null, service_id: body.service_id ?? null, status, provider_key: null,
      requirements, locale: body.locale ?? null, country_of_residence: null, claims: [], delegation, last_error: null, metadata: body.metadata ?? {},
      return_url: null, created_at: now, updated_at: now, expires_at: now, completed_at: null, redaction: null, provider_cleanup: [], provider_result: null,
    });
    return c.json({ id, client_secret: `${id}_secret_abc`, status, expires_at: now }, 201);
  });
  bff.get('/v1/sessions/:id/consents', (c) => (sessions.has(c.req.param('id')) ? c.json([]) : c.json(notFound, 404)));
  bff.get('/v1/sessions/:id', (c) => {
    const session = sessions.get(c.req.param('id'));
    return session ? c.json(session) : c.json(notFound, 404);
  });

  bff.get('/v1/identity/claims', (c) => c.json([...claims.values()].filter((claim) => claim.subject === c.req.query('subject')).reverse()));
  bff.delete('/v1/identity/claims/:id', (c) => {
    const claim = claims.get(c.req.param('id'));
    if (!claim) return c.json(notFound, 404);
    if (claim.status === 'active') {
      const at = new Date().toISOString();
      Object.assign(claim, { status: 'revoked', revoked_at: at });
      for (const p of passports.values()) if (p.status === 'active' && p.claim_ids.includes(claim.id)) Object.assign(p, { status: 'revoked', revoked_at: at, revoked_reason: 'claim_revoked' });
    }
    return c.json({ success: true });
  });
  bff.post('/v1/identity/passports', async (c) => {
    const body = await c.req.json();
    const id = `psp_${passports.size + 1}`;
    const now = new Date();
    const passport: FakePassport = {
      object: 'passport', id, subject: body.subject, claim_ids: body.identity_claim_ids, status: 'active', issued_at: now.toISOString(),
      expires_at: new Date(now.getTime() + body.ttl_seconds * 1000).toISOString(), revoked_at: null, revoked_reason: null, token: `eyJhbGciOiJFUzI1NiJ9.${id}.signature`,
    };
    passports.set(id, passport);
    return c.json(passport, 201);
  });
  const view = ({ token: _token, ...passport }: FakePassport) => passport;
  bff.get('/v1/identity/passports', (c) => c.json([...passports.values()].filter((p) => p.subject === c.req.query('subject')).reverse().map(view)));
  bff.post('/v1/identity/passports/introspect', async (c) => {
    const { token } = await c.req.json();
    const passport = [...passports.values()].find((p) => p.token === token);
    return c.json(passport?.status === 'active' ? { active: true, jti: passport.id, sub: passport.subject } : { active: false });
  });

  /** The person verifies with Stripe in the session: it issues both claims for the session's subject. */
  function verify(sessionId: string): [human: FakeClaim, identity: FakeClaim] {
    const session = sessions.get(sessionId)!;
    const now = new Date().toISOString();
    const issued = (['verified_human', 'verified_identity'] as const).map((type, index): FakeClaim => ({
      id: `clm_${claims.size + 1 + index}`, object: 'identity_claim', type, layer: type === 'verified_human' ? 'humanity' : 'identity', subject: (session.subject as string | null) ?? null, session_id: sessionId,
      provider_key: 'stripe_identity', assurance_level: 'substantial', status: 'active', issued_at: now, expires_at: new Date(Date.now() + 864e5).toISOString(), revoked_at: null,
      claim_ref: type === 'verified_identity' ? `cref_${claims.size + 1 + index}` : null, delegated_scopes: null, basis_claim_id: null,
    }));
    for (const claim of issued) claims.set(claim.id, claim);
    Object.assign(session, { status: 'verified' });
    return [issued[0]!, issued[1]!];
  }
  return { bff, sessions, claims, passports, seen, verify };
}
