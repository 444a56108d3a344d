// Passports (seed 003): issued, listed, introspected and revoked by the host with its API key;
// the signing keys and the status list are public, for verifiers that hold no key of ours.
import { z } from 'zod';
import {
  IntrospectionSchema,
  IntrospectRequestSchema,
  IssuedPassportSchema,
  IssuePassportRequestSchema,
  PassportSchema,
  PassportStatusListSchema,
} from '@identity-verify/contract/passports';
import { SubjectSchema } from '@identity-verify/contract/schemas';
import type { RouteTable } from '../http/route.js';
import type { Passports } from '../passports/passports.js';

export function passportRoutes(routes: RouteTable, passports: Passports) {
  routes.add(
    {
      method: 'post',
      path: '/v1/identity/passports',
      summary: "Issue a passport: a JWT signed with ES256 carrying the subject's chosen claims (humanity ones embedded, identity ones by claim_ref only)",
      tag: 'Host backend',
      auth: 'api_key',
      body: IssuePassportRequestSchema,
      responses: { 201: { description: 'Issued', schema: IssuedPassportSchema } },
    },
    async (c, { body }) => c.json(await passports.issue(c.get('tenant'), body), 201),
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/identity/passports',
      summary: "A subject's passports, newest first, with each one's status",
      tag: 'Host backend',
      auth: 'api_key',
      query: z.object({ subject: SubjectSchema }).strict(),
      responses: { 200: { description: 'Passports', schema: z.array(PassportSchema) } },
    },
    async (c, { query }) => c.json(await passports.list(c.get('tenant'), query.subject)),
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/identity/passports/introspect',
      summary: 'Whether a passport is active (RFC 7662), and with resolve_claim_refs the personal data its claim_refs stand for (audited)',
      tag: 'Host backend',
      auth: 'api_key',
      body: IntrospectRequestSchema,
      responses: { 200: { description: 'The answer', schema: IntrospectionSchema } },
    },
    async (c, { body }) => c.json(await passports.introspect(c.get('tenant'), body.token, body.resolve_claim_refs)),
  );

  routes.add(
    {
      method: 'delete',
      path: '/v1/identity/passports/:id',
      summary: 'Revoke a passport (passport.revoked is sent); revoking it again changes nothing',
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'Revoked', schema: PassportSchema } },
    },
    async (c) => c.json(await passports.revoke(c.get('tenant'), c.req.param('id')!)),
  );

  routes.add(
    {
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'The keys passports are signed with (ES256), for verifiers',
      tag: 'Public',
      auth: 'none',
      responses: { 200: { description: 'A JSON Web Key Set' } },
    },
    async (c) => {
      c.header('cache-control', 'public, max-age=300');
      return c.json(await passports.jwks());
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/identity/passports/status',
      summary: 'Revoked passports not yet expired, by jti: for verifiers that check signatures offline',
      tag: 'Public',
      auth: 'none',
      responses: { 200: { description: 'The status list', schema: PassportStatusListSchema } },
    },
    async (c) => {
      c.header('cache-control', 'public, max-age=60');
      return c.json(await passports.statusList());
    },
  );
}
