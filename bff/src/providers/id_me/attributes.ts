// ID.me's attributes endpoint, read once per sign-in with its single-use access token: the
// person's verified attributes (handle → value), the communities ID.me verified them in, and,
// with Document Passback, a token per document image (unique to this call).
import { z } from 'zod';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import { parseProviderJson, refusedByProvider, sendToProvider } from '../http.js';

const Attribute = z.object({ handle: z.string(), name: z.string().optional(), value: z.unknown() });
const AttributesBody = z.object({
  attributes: z.array(Attribute).max(200),
  status: z.array(z.object({ group: z.string(), subgroups: z.array(z.string()).optional(), verified: z.boolean() })).max(50).optional(),
});
const DocumentTokens = z.object({ front: z.string().min(8).max(200).optional(), back: z.string().min(8).max(200).optional() });

export interface IdMeAttributes {
  /** Text attributes by handle (fname, lname, birth_date, street, city, state, zip…). */
  values: Record<string, string>;
  /** Communities verified (military, responder…), by handle. */
  groups: string[];
  documentTokens: { front?: string; back?: string };
}

const CALL = { provider: 'id_me', operation: 'get_attributes' } as const;

export async function readAttributes(deps: { apiBase: string; fetch: typeof fetch; timeoutMs: number }, accessToken: string): Promise<IdMeAttributes> {
  const response = await sendToProvider(deps.fetch, {
    ...CALL,
    url: `${deps.apiBase}/api/public/v3/attributes.json`,
    init: { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
    timeoutMs: deps.timeoutMs,
  });
  if (!response.ok) throw await refusedByProvider(CALL, response);
  const body = await parseProviderJson(CALL, response, AttributesBody);
  const values: Record<string, string> = {};
  let documentTokens: IdMeAttributes['documentTokens'] = {};
  for (const { handle, value } of body.attributes) {
    if (handle === 'document_tokens') {
      const tokens = DocumentTokens.safeParse(value);
      if (tokens.success) documentTokens = tokens.data;
    } else if (typeof value === 'string') {
      values[handle] = value;
    }
  }
  return { values, groups: (body.status ?? []).filter((s) => s.verified).map((s) => s.group), documentTokens };
}

const text = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null);

/** The person as ID.me's attributes name them, in our verified outputs' shape. */
export function personOf(values: Record<string, string>): VerifiedOutputs {
  const street = text(values.street);
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values.birth_date ?? '');
  return {
    first_name: text(values.fname),
    last_name: text(values.lname),
    address: street || text(values.zip) ? { line1: street, line2: null, city: text(values.city), state: text(values.state), postal_code: text(values.zip), country: 'US' } : null,
    dob: birth ? { year: Number(birth[1]), month: Number(birth[2]), day: Number(birth[3]) } : null,
  };
}
