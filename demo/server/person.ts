// The person behind this browser, as the demo's host backend knows them: a demo user id (the
// subject its sessions name) derived from a long-lived HttpOnly cookie, the subject's claims and
// passports read from the BFF with the API key, and the two things a host does with them: issue a
// passport carrying chosen claims, and revoke a claim (the passports carrying it fall with it).
import { createHmac, randomBytes } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Passport } from '@identity-verify/contract/passports';
import type { IdentityClaim } from '@identity-verify/contract/schemas';
import { z } from 'zod';
import type { EventInbox, ReceivedEvent } from './event-inbox.js';
import type { HostApi } from './host-api.js';
import { fail, readJson } from './json.js';

/** Over http (local runs) and over https, where the browser pins `__Host-` cookies to this origin. */
export const PERSON_COOKIE = 'idv_demo_person';
export const SECURE_PERSON_COOKIE = `__Host-${PERSON_COOKIE}`;
/** As long as a claim is worth reusing in a demo; the claims themselves live as the BFF's policy says. */
const PERSON_MAX_AGE_SECONDS = 30 * 24 * 3600;
const PERSON_ID = /^[A-Za-z0-9_-]{32}$/;
const PASSPORT_TTL_SECONDS = 3600;
/** Passports introspected per read of the panel (the newest): each is a call to the BFF. */
const INTROSPECTED = 10;
/** Passport tokens kept (the oldest dropped first), so the panel can introspect what it issued. */
const TOKENS_KEPT = 1000;

const ClaimIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'Expected a claim id.');
const IssueRequestSchema = z
  .object({ claim_ids: z.array(ClaimIdSchema).min(1, 'Choose at least one claim.').max(20) })
  .strict();
export type IssueRequest = z.input<typeof IssueRequestSchema>;

export interface PassportView extends Passport {
  /** What the BFF's introspection answers now; null when this backend no longer holds the token (issued before a restart). */
  introspection: 'active' | 'inactive' | null;
}

/** What the page's panel shows of the person: never personal data (an identity claim is named by its claim_ref only). */
export interface PersonView {
  /** The demo user id the sessions name; null until this browser starts one. */
  subject: string | null;
  claims: IdentityClaim[];
  /** Newest first. */
  passports: PassportView[];
  /** The BFF's signed events naming the subject (claim.revoked, passport.revoked) this backend received, each verified. */
  events: ReceivedEvent[];
}

export interface RevokeResult {
  revoked_claim: string;
  /** The passports that were active and fell with the claim. */
  passports_revoked: string[];
  person: PersonView;
}

export interface People {
  /** This browser's subject, or null before it has one. */
  subjectOf(c: Context): string | null;
  /** This browser's subject, given one (and its cookie) now if it has none. */
  ensureSubject(c: Context): string;
}

/**
 * The subject is an HMAC of the cookie's random id, not the id itself: it travels to the BFF and
 * into passports (their `sub`), where the cookie, which is what the demo trusts, must never be.
 */
export function createPeople(options: { secure: (c: Context) => boolean; key?: Uint8Array }): People {
  const key = options.key ?? randomBytes(32);
  const cookieName = (c: Context) => (options.secure(c) ? SECURE_PERSON_COOKIE : PERSON_COOKIE);
  const subjectFor = (personId: string) => `demo_${createHmac('sha256', key).update(personId).digest('base64url').slice(0, 27)}`;
  const subjectOf = (c: Context) => {
    const personId = getCookie(c, cookieName(c));
    return personId && PERSON_ID.test(personId) ? subjectFor(personId) : null;
  };
  return {
    subjectOf,
    ensureSubject(c) {
      const known = subjectOf(c);
      if (known) return known;
      const personId = randomBytes(24).toString('base64url');
      setCookie(c, cookieName(c), personId, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: PERSON_MAX_AGE_SECONDS, secure: options.secure(c) });
      return subjectFor(personId);
    },
  };
}

export interface PersonRoutesDeps {
  hostApi: HostApi;
  people: People;
  events: EventInbox;
  /** Issuing and revoking call the BFF and write there: a client gets a few a minute. */
  limitActions: MiddlewareHandler;
}

/** GET /api/person, POST /api/passports, DELETE /api/claims/:id. */
export function personRoutes(app: Hono, { hostApi, people, events, limitActions }: PersonRoutesDeps): void {
  const tokens = new Map<string, string>();
  const keepToken = (id: string, token: string) => {
    tokens.set(id, token);
    while (tokens.size > TOKENS_KEPT) tokens.delete(tokens.keys().next().value!);
  };

  async function viewOf(subject: string): Promise<PersonView> {
    const [claims, passports] = await Promise.all([hostApi.listClaims(subject), hostApi.listPassports(subject)]);
    const views = await Promise.all(
      passports.map(async (passport, index): Promise<PassportView> => {
        const token = tokens.get(passport.id);
        if (!token || index >= INTROSPECTED) return { ...passport, introspection: null };
        const { active } = await hostApi.introspectPassport(token);
        return { ...passport, introspection: active ? 'active' : 'inactive' };
      }),
    );
    return { subject, claims, passports: views, events: events.ofSubject(subject) };
  }

  app.get('/api/person', async (c) => {
    const subject = people.subjectOf(c);
    return c.json(subject ? await viewOf(subject) : ({ subject: null, claims: [], passports: [], events: [] } satisfies PersonView));
  });

  app.post('/api/passports', limitActions, async (c) => {
    const read = await readJson(c, IssueRequestSchema);
    if ('response' in read) return read.response;
    const subject = people.subjectOf(c);
    if (!subject) return fail(c, 404, 'not_found', 'This browser’s person holds no claims yet: verify first.');
    const held = new Map((await hostApi.listClaims(subject)).map((claim) => [claim.id, claim]));
    // Checked here too (the BFF checks them again), so the person reads which claim and why.
    const issues = read.data.claim_ids.flatMap((id, index) => {
      const claim = held.get(id);
      const problem = !claim ? 'No claim of this person has that id.' : claim.status !== 'active' ? `The claim is ${claim.status}: a passport carries active claims only.` : null;
      return problem ? [{ path: `body.claim_ids.${index}`, message: problem }] : [];
    });
    if (issues.length) return fail(c, 400, 'validation_failed', issues[0]!.message, { issues });
    const issued = await hostApi.issuePassport({ subject, identity_claim_ids: [...new Set(read.data.claim_ids)], ttl_seconds: PASSPORT_TTL_SECONDS });
    keepToken(issued.id, issued.token);
    return c.json({ passport: issued.id, person: await viewOf(subject) }, 201);
  });

  app.delete('/api/claims/:id', limitActions, async (c) => {
    const id = ClaimIdSchema.safeParse(c.req.param('id'));
    if (!id.success) return fail(c, 400, 'validation_failed', 'Expected a claim id.', { issues: [{ path: 'params.id', message: 'Expected a claim id.' }] });
    const subject = people.subjectOf(c);
    // The API key may revoke any claim of the tenant: this browser may revoke only its person's.
    const held = subject ? await hostApi.listClaims(subject) : [];
    const claim = held.find((c) => c.id === id.data);
    if (!subject || !claim) return fail(c, 404, 'not_found', 'No claim of this person has that id.');
    // Those carrying the claim, or a delegation standing on it (the BFF revokes that too), fall with it.
    const fallsWith = new Set([claim.id, ...held.filter((c) => c.basis_claim_id === claim.id).map((c) => c.id)]);
    const carrying = new Set((await hostApi.listPassports(subject)).filter((p) => p.status === 'active' && p.claim_ids.some((id) => fallsWith.has(id))).map((p) => p.id));
    await hostApi.revokeClaim(claim.id);
    const person = await viewOf(subject);
    const fell = person.passports.filter((p) => carrying.has(p.id) && p.status === 'revoked').map((p) => p.id);
    return c.json({ revoked_claim: claim.id, passports_revoked: fell, person } satisfies RevokeResult);
  });
}
