// Processes: create (provider onfido, processType, documentType, processParameters with location
// and consents [seed 001]; linked to an Onfido API, the Onfido applicant and SDK token too), get,
// delete, images (dataURLs in JSON, or one raw image per call [U]), the Get image read, start
// verification, and the onfido document types.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Hono } from 'hono';
import { z } from 'zod';
import { problems } from './errors.js';
import { assureRoute, findDossier, findProcess, jsonBody } from './http.js';
import { checkImage, contentTypeOf } from './images.js';
import type { ProcessLifecycle } from './lifecycle.js';
import { DOCUMENT_TYPES, PROCESS_TYPES, TWO_SIDED, iso, newId, type AssureState, type Depiction, type ProcessRecord } from './model.js';
import { ImagesBody, readImages } from './dossiers.js';
import { forgetAtOnfido, type OnfidoAccount } from './onfido-account.js';
import { ASSURE_PATHS as P } from './paths.js';
import { renderProcess } from './results.js';

const CreateProcess = z.object({
  provider: z.literal('onfido', { message: 'this emulator emulates Assure with the onfido provider only' }),
  processType: z.enum(PROCESS_TYPES, { message: `must be one of ${PROCESS_TYPES.join(', ')}` }),
  documentType: z.enum(DOCUMENT_TYPES, { message: `must be one of ${DOCUMENT_TYPES.join(', ')}` }).optional(),
  processParameters: z
    .object({
      location: z
        .object({
          countryOfResidence: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code such as NLD').optional(),
          ipAddress: z.string().refine((v) => isIP(v) !== 0, 'must be an IPv4 or IPv6 address').optional(),
        })
        .optional(),
      consents: z.object({ privacy: z.boolean({ message: 'must be true or false' }).optional() }).optional(),
      mobileAppId: z.string().optional(),
    })
    .optional(),
});

const IMAGE_TYPES: Record<string, Depiction> = { FRONT: 'front', BACK: 'back', SELFIE: 'selfie' };
const RAW_TYPES = ['image/jpeg', 'image/jpg', 'image/png'];

/**
 * The create answer's `authorization` when no Onfido API is linked: JWT-shaped like the SDK token
 * it stands for (UC 2), opaque, accepted nowhere.
 */
function opaqueAuthorization(processId: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ emulated: true, processId })}.${randomBytes(24).toString('base64url')}`;
}

function pendingForImages(p: ProcessRecord): void {
  if (p.status !== 'pending') throw problems.processNotPending(p.status);
  if (p.processType === 'documentVideo') throw problems.directUploadUnavailable(p.processType);
}

/**
 * Seed 001, UC 2: the process's `authorization` is the Onfido SDK token. Assure creates the Onfido
 * applicant the SDK uploads to (with the process's location and consent) and mints its token; a
 * failure at Onfido fails the create call, and an applicant left without its token is deleted.
 */
async function onfidoApplicant(account: OnfidoAccount, body: z.output<typeof CreateProcess>): Promise<{ applicantId: string; token: string }> {
  const applicantId = await account.createApplicant({
    ...body.processParameters?.location,
    ...(body.processParameters?.consents?.privacy !== undefined ? { privacyConsent: body.processParameters.consents.privacy } : {}),
  });
  try {
    return { applicantId, token: await account.sdkToken(applicantId) };
  } catch (error) {
    await account.deleteApplicant(applicantId);
    throw error;
  }
}

export interface ProcessesDeps {
  state: AssureState;
  now(): number;
  lifecycle: ProcessLifecycle;
  /** Assure's Onfido account when the emulator is linked to an Onfido API, else null. */
  onfido(): OnfidoAccount | null;
}

export function mountProcesses(app: Hono, { state, now, lifecycle, onfido }: ProcessesDeps): void {
  app.post(
    P.createProcess.path,
    assureRoute(async (c) => {
      const dossier = findDossier(state, c);
      const body = await jsonBody(c, CreateProcess);
      const account = onfido();
      const atOnfido = account ? await onfidoApplicant(account, body) : undefined;
      // The dossier may have gone (deleted, reset) while Onfido answered.
      if (state.dossiers.get(dossier.dossierId) !== dossier) {
        if (account && atOnfido) await account.deleteApplicant(atOnfido.applicantId);
        throw problems.dossierNotFound();
      }
      const at = now();
      const processId = newId();
      const p: ProcessRecord = {
        processId,
        dossierId: dossier.dossierId,
        provider: 'onfido',
        processType: body.processType,
        ...(body.documentType ? { documentType: body.documentType } : {}),
        location: { ...body.processParameters?.location },
        ...(body.processParameters?.consents?.privacy !== undefined ? { privacyConsent: body.processParameters.consents.privacy } : {}),
        createdAt: at,
        updatedAt: at,
        status: 'pending',
        images: {},
        sdkCapture: false,
        authorization: atOnfido?.token ?? opaqueAuthorization(processId),
        ...(account && atOnfido ? { onfido: { applicantId: atOnfido.applicantId, account } } : {}),
      };
      dossier.processes.set(processId, p);
      dossier.updatedAt = at;
      // Key order of seed 001's create answer.
      return c.json(
        { processId, status: p.status, createdAt: iso(at), updatedAt: iso(at), authorization: p.authorization, provider: p.provider, processType: p.processType },
        201,
      );
    }),
  );
  app.get(P.getProcess.path, assureRoute((c) => c.json(renderProcess(findProcess(state, c)))));
  app.delete(
    P.deleteProcess.path,
    assureRoute(async (c) => {
      const p = findProcess(state, c);
      state.dossiers.get(p.dossierId)?.processes.delete(p.processId);
      await forgetAtOnfido([p]);
      return c.body(null, 204);
    }),
  );

  app.post(
    P.setProcessImages.path,
    assureRoute(async (c) => {
      const p = findProcess(state, c);
      pendingForImages(p);
      // New images replace the ones of the same kind; the others stay [U].
      Object.assign(p.images, readImages(await jsonBody(c, ImagesBody)));
      p.updatedAt = now();
      return c.body(null, 204);
    }),
  );
  app.post(
    P.setProcessImage.path,
    assureRoute(async (c) => {
      const p = findProcess(state, c);
      const kind = IMAGE_TYPES[c.req.param('imageType') ?? ''];
      if (!kind) throw problems.validation('imageType: must be FRONT, BACK or SELFIE');
      pendingForImages(p);
      const declared = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!RAW_TYPES.includes(declared)) throw problems.unsupportedMediaType('image/jpeg or image/png');
      const image = checkImage(kind, new Uint8Array(await c.req.arrayBuffer()), declared);
      if (typeof image === 'string') throw problems.invalidImages([`${kind.toUpperCase()}: ${image}`]);
      p.images[kind] = image;
      p.updatedAt = now();
      return c.body(null, 204);
    }),
  );
  app.get(
    P.getProcessImage.path,
    assureRoute((c) => {
      const p = findProcess(state, c);
      const name = c.req.param('imageType') ?? '';
      if (name !== 'PORTRAIT' && !IMAGE_TYPES[name]) throw problems.validation('imageType: must be FRONT, BACK, SELFIE or PORTRAIT');
      // Onfido makes no PORTRAIT available [seed 001].
      const image = IMAGE_TYPES[name] ? p.images[IMAGE_TYPES[name]] : undefined;
      if (!image) throw problems.imageNotFound(name);
      return new Response(new Uint8Array(image.bytes), { status: 200, headers: { 'content-type': contentTypeOf(image), 'cache-control': 'no-store' } });
    }),
  );

  app.post(
    P.startVerification.path,
    assureRoute(async (c) => {
      const p = findProcess(state, c);
      await lifecycle.start(state.dossiers.get(p.dossierId)!, p);
      return c.json(renderProcess(p));
    }),
  );

  app.get(
    P.documentTypes.path,
    assureRoute((c) => {
      if (c.req.param('provider') !== 'onfido') throw problems.providerNotSupported();
      return c.json(DOCUMENT_TYPES.map((documentType) => ({ documentType, twoSided: TWO_SIDED.has(documentType) })));
    }),
  );
}
