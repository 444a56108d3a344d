// Dossiers: create, list, get and delete (deleting drops its processes and every image with it,
// and, linked to an Onfido API, their Onfido applicants), and the files kept directly in a dossier
// (front, back, selfie as dataURLs), which a process without images of its own uses at start
// verification.
import type { Hono } from 'hono';
import { z } from 'zod';
import { problems } from './errors.js';
import { assureRoute, findDossier, jsonBody } from './http.js';
import { imageFromDataUrl } from './images.js';
import { forgetAtOnfido } from './onfido-account.js';
import { DEPICTIONS, iso, newId, type AssureState, type DossierRecord, type ImageSet } from './model.js';
import { ASSURE_PATHS as P } from './paths.js';
import { renderProcess } from './results.js';

/** `{front?, back?, selfie?}` dataURLs, at least one; the casing of the keys is [D] for dossier files. */
export const ImagesBody = z
  .strictObject({ front: z.string().optional(), back: z.string().optional(), selfie: z.string().optional() })
  .refine((b) => DEPICTIONS.some((k) => b[k] !== undefined), { message: 'set at least one of front, back, selfie' });

/** Checks every dataURL of the body and returns the images, or throws one problem naming each refused image. */
export function readImages(body: z.output<typeof ImagesBody>): ImageSet {
  const images: ImageSet = {};
  const refused: string[] = [];
  for (const k of DEPICTIONS) {
    const value = body[k];
    if (value === undefined) continue;
    const image = imageFromDataUrl(k, value);
    if (typeof image === 'string') refused.push(`${k.toUpperCase()}: ${image}`);
    else images[k] = image;
  }
  if (refused.length) throw problems.invalidImages(refused);
  return images;
}

/** A dossier as Get dossier answers it [U shape]: its ids, times, the files it holds and its processes. */
export function renderDossier(d: DossierRecord): Record<string, unknown> {
  return {
    dossierId: d.dossierId,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    depictions: DEPICTIONS.filter((k) => d.files[k]),
    processes: [...d.processes.values()].map(renderProcess),
  };
}

export function mountDossiers(app: Hono, { state, now }: { state: AssureState; now(): number }): void {
  app.post(
    P.createDossier.path,
    assureRoute(async (c) => {
      await jsonBody(c, z.object({}), true);
      const at = now();
      const dossier: DossierRecord = { dossierId: newId(), createdAt: at, updatedAt: at, files: {}, processes: new Map(), scenario: 'accepted' };
      state.dossiers.set(dossier.dossierId, dossier);
      return c.json(renderDossier(dossier), 201);
    }),
  );
  app.get(P.listDossiers.path, assureRoute((c) => c.json([...state.dossiers.values()].map(renderDossier))));
  app.get(P.getDossier.path, assureRoute((c) => c.json(renderDossier(findDossier(state, c)))));
  app.delete(
    P.deleteDossier.path,
    assureRoute(async (c) => {
      const dossier = findDossier(state, c);
      state.dossiers.delete(dossier.dossierId);
      await forgetAtOnfido(dossier.processes.values());
      return c.body(null, 204);
    }),
  );
  app.post(
    P.setDossierFiles.path,
    assureRoute(async (c) => {
      const dossier = findDossier(state, c);
      Object.assign(dossier.files, readImages(await jsonBody(c, ImagesBody)));
      dossier.updatedAt = now();
      return c.body(null, 204);
    }),
  );
  app.delete(
    P.deleteDossierFiles.path,
    assureRoute((c) => {
      const dossier = findDossier(state, c);
      dossier.files = {};
      dossier.updatedAt = now();
      return c.body(null, 204);
    }),
  );
}

