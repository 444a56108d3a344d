// The widget API (client secret): the STACK identity endpoints plus consents and residence.
// Every handler works on c.get('session'), the one session the client secret opens.
import { z } from 'zod';
import {
  ActiveAttemptSchema,
  CompleteRequestSchema,
  ConsentRequestSchema,
  ConsentResponseSchema,
  InitiateRequestSchema,
  LiveStateSchema,
  PendingVerificationSchema,
  ProviderCatalogueEntrySchema,
  ProvidersQuerySchema,
  RefreshRequestSchema,
  UploadQuerySchema,
  UploadResponseSchema,
  ResidenceRequestSchema,
  SyncRequestSchema,
  TokenRequestSchema,
  VerificationResultSchema,
  WidgetSessionSchema,
} from '@identity-verify/contract/schemas';
import { ApiError } from '../errors.js';
import { clientIp } from '../http/guards.js';
import type { RouteTable } from '../http/route.js';
import type { AppDeps } from '../app.js';

/** Images come as the raw body of this route: its own size limits, not the JSON one. */
export const UPLOAD_PATH = '/v1/identity/verify/uploads';

export function identityRoutes(routes: RouteTable, { verification, config }: AppDeps) {
  // A provider redirects the person to this URL: only to our host pages, never anywhere else.
  const checkReturnUrl = (url: string | undefined) => {
    if (url && !config.allowedOrigins.includes(new URL(url).origin)) {
      throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.return_url', message: 'Must be on one of the allowed host origins.' }] });
    }
    return url ?? null;
  };

  // The page the widget runs on (checked against the allow-list by the CORS guard): providers
  // that bind a browser token to a referrer are bound to it. A server-side call has none.
  const hostOrigin = (origin: string | undefined) => (origin && config.allowedOrigins.includes(origin) ? origin : null);

  const result = { 200: { description: 'Where the session stands now', schema: VerificationResultSchema } };

  routes.add(
    {
      method: 'get',
      path: '/v1/identity/session',
      summary: "The widget's view of its session, to start or resume at the right step",
      tag: 'Widget',
      auth: 'client_secret',
      responses: { 200: { description: 'The session', schema: WidgetSessionSchema } },
    },
    async (c) => c.json(await verification.widgetView(c.get('session'))),
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/identity/consents',
      summary: 'Record a decision on a notice (text hashed, locale, time, IP, user agent)',
      tag: 'Widget',
      auth: 'client_secret',
      body: ConsentRequestSchema,
      responses: { 201: { description: 'Recorded', schema: ConsentResponseSchema } },
    },
    async (c, { body }) => {
      const { row, status } = await verification.recordConsent(c.get('session'), body, {
        ip: clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
      });
      return c.json(
        { id: row.id, notice: body.notice, version: row.version, decision: body.decision, text_sha256: row.text_sha256, recorded_at: row.recorded_at, session_status: status },
        201,
      );
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/identity/residence',
      summary: "Set the person's country of residence",
      tag: 'Widget',
      auth: 'client_secret',
      body: ResidenceRequestSchema,
      responses: { 200: { description: 'The session', schema: WidgetSessionSchema } },
    },
    async (c, { body }) => {
      await verification.setResidence(c.get('session'), body.country);
      return c.json(await verification.widgetView((await verification.fresh({ ...c.get('session'), country_of_residence: body.country }))));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/identity/providers',
      summary: "Providers that meet the session's requirements, for a country of residence",
      tag: 'Widget',
      auth: 'client_secret',
      query: ProvidersQuerySchema,
      responses: { 200: { description: 'The catalogue', schema: z.array(ProviderCatalogueEntrySchema) } },
    },
    async (c, { query }) => c.json(await verification.catalogue(c.get('session'), query.country ?? null)),
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/identity/verify/initiate',
      summary: 'Start a verification with a provider',
      tag: 'Widget',
      auth: 'client_secret',
      body: InitiateRequestSchema,
      responses: { 201: { description: 'Started; `client` is what the widget driver needs', schema: ActiveAttemptSchema } },
    },
    async (c, { body }) =>
      c.json(
        await verification.initiate(c.get('session'), body.provider_key, body.requested_claims, checkReturnUrl(body.return_url), hostOrigin(c.req.header('origin')), clientIp(c)),
        201,
      ),
  );

  routes.add(
    {
      method: 'post',
      path: UPLOAD_PATH,
      summary: 'Upload one image of our own capture (the body: a JPEG or PNG, with its Content-Length); it streams on to the provider and is not kept',
      tag: 'Widget',
      auth: 'client_secret',
      query: UploadQuerySchema,
      responses: { 201: { description: 'Passed on to the provider', schema: UploadResponseSchema } },
    },
    async (c, { query }) =>
      c.json(
        await verification.upload(
          c.get('session'),
          { providerKey: query.provider_key, sessionRef: query.session_ref, side: query.side, documentType: query.document_type ?? null },
          c.req.raw,
          clientIp(c),
        ),
        201,
      ),
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/identity/verify/refresh',
      summary: "New client credentials for a pending verification whose old ones expired (Onfido's SDK token), or its next try (BankID's next order)",
      tag: 'Widget',
      auth: 'client_secret',
      body: RefreshRequestSchema,
      responses: { 200: { description: 'The attempt with fresh `client` credentials', schema: ActiveAttemptSchema } },
    },
    async (c, { body }) => c.json(await verification.refresh(c.get('session'), body.provider_key, body.session_ref, clientIp(c))),
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/identity/verify/sessions',
      summary: 'Pending provider verifications of this session',
      tag: 'Widget',
      auth: 'client_secret',
      responses: { 200: { description: 'Pending verifications', schema: z.array(PendingVerificationSchema) } },
    },
    async (c) => c.json(await verification.pending(c.get('session'))),
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/identity/verify/sync',
      summary: "Ask the provider where this session's pending verifications stand",
      tag: 'Widget',
      auth: 'client_secret',
      body: SyncRequestSchema,
      responses: { 200: { description: 'Where the session and its open attempt stand now, as the events stream pushes it', schema: LiveStateSchema } },
    },
    async (c, { body }) => c.json(await verification.sync(c.get('session'), body.provider_key)),
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/identity/verify/complete',
      summary: "Complete a verification by the provider's session reference",
      tag: 'Widget',
      auth: 'client_secret',
      body: CompleteRequestSchema,
      responses: result,
    },
    async (c, { body }) => c.json(await verification.complete(c.get('session'), body.provider_key, body.session_ref)),
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/identity/verify/token',
      summary: 'Complete an inline verification (e.g. Turnstile) with the token the widget collected',
      tag: 'Widget',
      auth: 'client_secret',
      body: TokenRequestSchema,
      responses: result,
    },
    async (c, { body }) =>
      c.json(await verification.verifyToken(c.get('session'), body.provider_key, body.session_ref, body.token, clientIp(c))),
  );
}
