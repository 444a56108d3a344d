// Applicants: create, list, retrieve, update, delete, restore and consents, with the v3.6 fields
// (`location.country_of_residence` ISO-3, `consents[]`) validated as the spec describes them.
import type { Hono } from 'hono';
import { z } from 'zod';
import { COUNTRY_CODES } from './vocabulary.js';
import { errors } from './errors.js';
import { jsonBody, onfidoRoute, idOf } from './http.js';
import { BASE_PATH, iso, newId, type ApplicantRecord, type Consent, type OnfidoState } from './model.js';

// Spec `applicant_first_name` / `applicant_last_name` pattern.
const NAME = z.string().regex(/^[^!#$%*=<>;{}"]*$/, 'contains characters that are not allowed');
const COUNTRY = z.enum(COUNTRY_CODES, { message: 'must be an ISO 3166-1 alpha-3 country code' });
const LINE = z.string().regex(/^[^!$%^*=<>]*$/, 'contains characters that are not allowed').nullable();
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD format');

const Address = z.object({
  flat_number: z.string().optional(),
  building_number: z.string().optional(),
  building_name: z.string().optional(),
  street: z.string().optional(),
  sub_street: z.string().optional(),
  town: z.string().optional(),
  postcode: z.string({ message: "can't be blank" }),
  country: COUNTRY,
  state: z.string().optional(),
  line1: LINE.optional(),
  line2: LINE.optional(),
  line3: LINE.optional(),
});
export const Location = z.object({ ip_address: z.string().optional(), country_of_residence: COUNTRY.optional() });
export const ConsentInput = z.object({
  name: z.enum(['privacy_notices_read', 'ssn_verification', 'phone_number_verification']),
  granted: z.boolean(),
});
const IdNumber = z.object({
  type: z.enum(['ssn', 'social_insurance', 'tax_id', 'identity_card', 'driving_license', 'driving_licence', 'share_code', 'voter_id', 'passport', 'other']).optional(),
  value: z.string().optional(),
  state_code: z.string().optional(),
});
const Shared = {
  email: z.string().optional(),
  dob: DATE.optional(),
  id_numbers: z.array(IdNumber).optional(),
  phone_number: z.string().optional(),
  address: Address.optional(),
  location: Location.optional(),
  consents: z.array(ConsentInput).optional(),
};
const Create = z.object({ ...Shared, first_name: NAME, last_name: NAME });
const Update = z.object({ ...Shared, first_name: NAME.optional(), last_name: NAME.optional() });

/** Merges consents by name; a newly granted one is stamped with the time it was granted. */
export function mergeConsents(current: Consent[], input: ReadonlyArray<z.output<typeof ConsentInput>>, now: string): Consent[] {
  const byName = new Map(current.map((c) => [c.name, c]));
  for (const c of input) {
    const before = byName.get(c.name);
    const granted_at = c.granted ? (before?.granted ? before.granted_at : now) : null;
    byName.set(c.name, { name: c.name, granted: c.granted, granted_at });
  }
  return [...byName.values()];
}

const PERSONAL = ['first_name', 'last_name', 'email', 'dob', 'id_numbers', 'phone_number', 'address', 'location'] as const;

export function renderApplicant(a: ApplicantRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: a.id, created_at: a.created_at, href: `${BASE_PATH}/applicants/${a.id}`, sandbox: true };
  for (const k of PERSONAL) if (a.fields[k] !== undefined) out[k] = a.fields[k];
  if (a.delete_at) out.delete_at = a.delete_at;
  return out;
}

export interface ApplicantsDeps {
  state: OnfidoState;
  now(): number;
}

export function mountApplicants(app: Hono, { state, now }: ApplicantsDeps): void {
  const find = (id: string) => {
    const a = state.applicant(id);
    if (!a) throw errors.notFound();
    return a;
  };
  const pick = (body: Record<string, unknown>) => Object.fromEntries(PERSONAL.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));

  app.post(
    `${BASE_PATH}/applicants`,
    onfidoRoute(async (c) => {
      const body = await jsonBody(c, Create);
      const at = iso(now());
      const a: ApplicantRecord = { id: newId(), created_at: at, fields: pick(body), consents: mergeConsents([], body.consents ?? [], at), delete_at: null };
      state.applicants.set(a.id, a);
      return c.json(renderApplicant(a), 201);
    }),
  );
  app.get(
    `${BASE_PATH}/applicants`,
    onfidoRoute((c) => {
      const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);
      const perPage = Math.min(500, Math.max(1, Number.parseInt(c.req.query('per_page') ?? '20', 10) || 20));
      const withDeleted = c.req.query('include_deleted') === 'true';
      // Newest first, as documented; Onfido paginates with page/per_page and reports the total in X-Total-Count.
      const all = [...state.applicants.values()].filter((a) => withDeleted || !a.delete_at).reverse();
      c.header('X-Total-Count', String(all.length));
      return c.json({ applicants: all.slice((page - 1) * perPage, page * perPage).map(renderApplicant) });
    }),
  );
  app.get(`${BASE_PATH}/applicants/:id`, onfidoRoute((c) => c.json(renderApplicant(find(idOf(c))))));
  app.put(
    `${BASE_PATH}/applicants/:id`,
    onfidoRoute(async (c) => {
      const a = find(idOf(c));
      const body = await jsonBody(c, Update);
      Object.assign(a.fields, pick(body));
      if (body.consents) a.consents = mergeConsents(a.consents, body.consents, iso(now()));
      return c.json(renderApplicant(a));
    }),
  );
  app.delete(
    `${BASE_PATH}/applicants/:id`,
    onfidoRoute((c) => {
      const a = find(idOf(c));
      // Onfido schedules deletion (restorable meanwhile) rather than erasing at once.
      a.delete_at = iso(now() + 20 * 86_400_000);
      return c.body(null, 204);
    }),
  );
  app.post(
    `${BASE_PATH}/applicants/:id/restore`,
    onfidoRoute((c) => {
      const a = state.applicants.get(idOf(c));
      if (!a) throw errors.notFound();
      if (!a.delete_at) throw errors.validation({ applicant: ['is not scheduled for deletion'] });
      a.delete_at = null;
      return c.body(null, 204);
    }),
  );
  app.get(`${BASE_PATH}/applicants/:id/consents`, onfidoRoute((c) => c.json(find(idOf(c)).consents)));
}
