// POST /v3.6/sdk_token, and the paths the Web SDK calls with `Authorization: Bearer <sdk token>`
// on the token's onfido_api_url (CLIENT-SDKS.md): uploads, consents, location, configuration,
// analytics. The applicant is always the token's `payload.app`, never one named in the request;
// every one of them checks the token's referrer pattern against the page's Referer (http.ts).
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { ConsentInput, Location, mergeConsents } from './applicants.js';
import { errors } from './errors.js';
import { jsonBody, onfidoRoute, originOf, sdkTokenAuth, type SdkAuthVars, idOf } from './http.js';
import type { OnfidoKeys } from './keys.js';
import { multipart, readUpload, renderMedia } from './media.js';
import { BASE_PATH, iso, type MediaKind, type OnfidoState } from './model.js';
import { mintSdkToken } from './sdk-token.js';

const SdkTokenBody = z.object({
  applicant_id: z.string({ message: "can't be blank" }),
  referrer: z.string().optional(),
  application_id: z.string().optional(),
  cross_device_url: z.string().optional(),
});

export interface SdkApiDeps {
  state: OnfidoState;
  keys: OnfidoKeys;
  now(): number;
  publicUrl: string | undefined;
}

/** SDK-facing upload paths and the kind of media each creates. */
export const SDK_UPLOAD_PATHS: Record<string, MediaKind> = {
  '/v3.3/documents': 'document',
  '/v3/live_photos': 'live_photo',
  '/v3/live_videos': 'live_video',
  // [U] The 2022 SDK posted binary media to /v4/binary_media; which v14 path carries a motion
  // capture is not known offline. Here it creates a motion capture and answers with that object.
  '/v4/binary_media': 'motion_capture',
};

export function mountSdkApi(app: Hono, deps: SdkApiDeps): void {
  const { state } = deps;
  const nowSeconds = () => Math.floor(deps.now() / 1000);

  app.post(
    `${BASE_PATH}/sdk_token`,
    onfidoRoute(async (c) => {
      const body = await jsonBody(c, SdkTokenBody);
      if (!state.applicant(body.applicant_id)) throw errors.validation({ applicant_id: ['not found'] });
      const { token, claims } = mintSdkToken(
        { applicantId: body.applicant_id, referrer: body.referrer, origin: originOf(c, deps.publicUrl), crossDeviceUrl: body.cross_device_url, nowSeconds: nowSeconds() },
        deps.keys.sdkTokenSecret,
      );
      state.rememberSdkToken(claims.uuid, body.applicant_id);
      return c.json({ token });
    }),
  );

  const sdk = app as unknown as Hono<SdkAuthVars>;
  const auth = sdkTokenAuth({ keys: deps.keys, state, nowSeconds });
  const tokenApplicant = (c: Context<SdkAuthVars>) => {
    const a = state.applicant(c.get('sdk').payload.app);
    if (!a) throw errors.notFound();
    return a;
  };
  /** The SDK may only touch the applicant its token was minted for. */
  const ownApplicant = (c: Context<SdkAuthVars>) => {
    const a = tokenApplicant(c);
    if (idOf(c) !== a.id) throw errors.authorization();
    return a;
  };

  for (const [path, kind] of Object.entries(SDK_UPLOAD_PATHS)) {
    sdk.post(
      path,
      auth,
      onfidoRoute(async (c: Context<SdkAuthVars>) => {
        const form = await multipart(c);
        const record = await readUpload(state, { kind, applicantId: tokenApplicant(c).id, form }, deps.now());
        state.media.set(record.id, record);
        return c.json(renderMedia(record), 201);
      }),
    );
  }
  // Snapshots are extra selfie frames the SDK sends for fraud checks; kept nowhere, acknowledged.
  sdk.post('/v3/snapshots', auth, onfidoRoute(async (c: Context<SdkAuthVars>) => {
    tokenApplicant(c);
    await multipart(c);
    return c.json({ uuid: crypto.randomUUID() }, 201);
  }));
  sdk.get('/v3.3/applicants/:id/consents', auth, onfidoRoute((c: Context<SdkAuthVars>) => c.json(ownApplicant(c).consents)));
  sdk.patch(
    '/v3.3/applicants/:id/consents',
    auth,
    onfidoRoute(async (c: Context<SdkAuthVars>) => {
      const a = ownApplicant(c);
      const body = await jsonBody(c, z.array(ConsentInput));
      a.consents = mergeConsents(a.consents, body, iso(deps.now()));
      return c.json(a.consents);
    }),
  );
  sdk.patch(
    '/v3.3/applicants/:id/location',
    auth,
    onfidoRoute(async (c: Context<SdkAuthVars>) => {
      const a = ownApplicant(c);
      a.fields.location = { ...(a.fields.location as object | undefined), ...(await jsonBody(c, Location)) };
      return c.body(null, 204);
    }),
  );
  // [U] body: the SDK reads feature flags from it; an empty configuration means "defaults".
  sdk.post('/v3.3/sdk/configurations', auth, onfidoRoute((c: Context<SdkAuthVars>) => c.json({ validations: {}, document_capture: {}, experimental_features: {}, sdk_features: {} })));
  for (const path of ['/v4/analytics', '/v4/sdk/analytics']) {
    sdk.post(path, auth, (c) => c.body(null, 204));
  }
}
