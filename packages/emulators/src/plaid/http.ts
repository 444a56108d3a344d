// How every Plaid endpoint reads a call and answers: POST with a JSON body, credentials in the
// body (client_id, secret) or in the PLAID-CLIENT-ID / PLAID-SECRET headers, a request_id on
// every answer, and Plaid's error object with its HTTP status for anything refused.
import type { Context, Hono } from 'hono';
import { PlaidApiError, plaidErrors } from './errors.js';
import { randomId, type PlaidAddress, type PlaidIdNumber, type PlaidName, type PlaidUser } from './model.js';

export type Body = Record<string, unknown>;

export interface Credentials {
  clientId: string;
  secret: string;
}

/** Mounts one Plaid endpoint: parse, authenticate, run, answer with a request_id. */
export function plaidEndpoint(app: Hono, path: string, credentials: () => Credentials, handle: (body: Body, c: Context) => object | Promise<object>): void {
  app.post(path, async (c) => {
    const requestId = randomId(15);
    try {
      const body = await readBody(c);
      authenticate(c, body, credentials());
      const answer = await handle(body, c);
      return c.json({ ...answer, request_id: requestId });
    } catch (error) {
      if (!(error instanceof PlaidApiError)) throw error;
      return c.json(error.body(requestId), error.status as 400);
    }
  });
}

async function readBody(c: Context): Promise<Body> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) throw plaidErrors.invalidBody();
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw plaidErrors.invalidBody();
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw plaidErrors.invalidBody();
  return body as Body;
}

function authenticate(c: Context, body: Body, expected: Credentials): void {
  const clientId = typeof body.client_id === 'string' ? body.client_id : c.req.header('plaid-client-id');
  const secret = typeof body.secret === 'string' ? body.secret : c.req.header('plaid-secret');
  const missing = [!clientId && 'client_id', !secret && 'secret'].filter((x): x is string => !!x);
  if (missing.length > 0) throw plaidErrors.missingFields(missing);
  if (clientId !== expected.clientId || secret !== expected.secret) throw plaidErrors.invalidApiKeys();
}

/** Refuses the call naming every required field that is absent (or null). */
export function requireFields(body: Body, names: readonly string[], prefix = ''): void {
  const missing = names.filter((n) => body[n] === undefined || body[n] === null);
  if (missing.length > 0) throw plaidErrors.missingFields(missing.map((n) => `${prefix}${n}`));
}

export function optionalString(body: Body, name: string, prefix = ''): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw plaidErrors.invalidField(`${prefix}${name} must be a non-empty string`);
  return value;
}

export function requiredString(body: Body, name: string, prefix = ''): string {
  requireFields(body, [name], prefix);
  return optionalString(body, name, prefix)!;
}

export function optionalBoolean(body: Body, name: string, prefix = ''): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw plaidErrors.invalidField(`${prefix}${name} must be a boolean`);
  return value;
}

export function optionalObject(body: Body, name: string, prefix = ''): Body | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw plaidErrors.invalidField(`${prefix}${name} must be an object`);
  return value as Body;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** IDNumberType in the OpenAPI. */
export const ID_NUMBER_TYPES = [
  'ar_dni', 'au_drivers_license', 'au_passport', 'br_cpf', 'ca_sin', 'cl_run', 'cn_resident_card', 'co_nit', 'dk_cpr',
  'eg_national_id', 'es_dni', 'es_nie', 'hk_hkid', 'in_pan', 'it_cf', 'jo_civil_id', 'jp_my_number', 'ke_huduma_namba',
  'kw_civil_id', 'mx_curp', 'mx_rfc', 'my_nric', 'ng_nin', 'nz_drivers_license', 'om_civil_id', 'ph_psn', 'pl_pesel',
  'ro_cnp', 'sa_national_id', 'se_pin', 'sg_nric', 'tr_tc_kimlik', 'us_ssn', 'us_ssn_last_4', 'za_smart_id',
] as const;

function matching(body: Body, name: string, pattern: RegExp, what: string, prefix: string): string | undefined {
  const value = optionalString(body, name, prefix);
  if (value !== undefined && !pattern.test(value)) throw plaidErrors.invalidField(`${prefix}${name} must be ${what}`);
  return value;
}

/**
 * The person's data a request may carry (`user` of /identity_verification/create and /retry, and
 * of /link/token/create, which also takes `ssn` and `legal_name`): only what was given.
 */
export function parseUser(raw: Body | undefined, prefix = 'user.'): Partial<PlaidUser> {
  if (!raw) return {};
  const user: Partial<PlaidUser> = {};
  const email = matching(raw, 'email_address', EMAIL, 'a valid email address', prefix);
  if (email) user.email_address = email;
  const phone = matching(raw, 'phone_number', E164, 'in E.164 format, e.g. +12345678909', prefix);
  if (phone) user.phone_number = phone;
  const dob = matching(raw, 'date_of_birth', DATE, 'an ISO 8601 date (YYYY-MM-DD)', prefix);
  if (dob) user.date_of_birth = dob;
  const name = optionalObject(raw, 'name', prefix);
  if (name) {
    requireFields(name, ['given_name', 'family_name'], `${prefix}name.`);
    user.name = { given_name: requiredString(name, 'given_name', `${prefix}name.`), family_name: requiredString(name, 'family_name', `${prefix}name.`) } satisfies PlaidName;
  }
  const address = optionalObject(raw, 'address', prefix);
  if (address) {
    const at = `${prefix}address.`;
    requireFields(address, ['country'], at);
    user.address = {
      street: optionalString(address, 'street', at) ?? null,
      street2: optionalString(address, 'street2', at) ?? null,
      city: optionalString(address, 'city', at) ?? null,
      region: optionalString(address, 'region', at) ?? null,
      postal_code: optionalString(address, 'postal_code', at) ?? null,
      country: matching(address, 'country', COUNTRY, 'an ISO 3166-1 alpha-2 country code', at)!,
    } satisfies PlaidAddress;
  }
  const idNumber = optionalObject(raw, 'id_number', prefix);
  if (idNumber) {
    const at = `${prefix}id_number.`;
    requireFields(idNumber, ['value', 'type'], at);
    const type = requiredString(idNumber, 'type', at);
    if (!(ID_NUMBER_TYPES as readonly string[]).includes(type)) throw plaidErrors.invalidField(`${at}type must be one of ${ID_NUMBER_TYPES.join(', ')}`);
    user.id_number = { value: requiredString(idNumber, 'value', at), type } satisfies PlaidIdNumber;
  }
  const ssn = matching(raw, 'ssn', /^\d{3}-?\d{2}-?\d{4}$/, 'a 9-digit US SSN', prefix);
  if (ssn && !user.id_number) user.id_number = { value: ssn.replace(/-/g, ''), type: 'us_ssn' };
  return user;
}
