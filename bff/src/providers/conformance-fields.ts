// A well-formed value for every body field a widget route takes, aimed at one provider: the
// route walkers send each route only the fields its schema has.
import type { z } from 'zod';
import { consentAsShown } from '../testing-consent.js';

export function fieldsFor(schema: z.ZodType | undefined, providerKey: string, overrides: Record<string, unknown> = {}): Record<string, unknown> | undefined {
  const shape = (schema as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
  if (!shape) return undefined;
  const fields: Record<string, unknown> = {
    provider_key: providerKey,
    requested_claims: ['verified_identity'],
    session_ref: 'ref_unknown_to_anyone',
    token: 'a-token',
    country: 'US',
    ...consentAsShown('privacy_notice'),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key in shape));
}
