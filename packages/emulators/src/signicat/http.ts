// What every Assure route shares: thrown problems turned into problem details (an unexpected
// error too, so no Assure path ever answers in another shape), JSON bodies checked with zod into
// one readable `detail`, and the dossier and process a path names.
import type { Context } from 'hono';
import type { z } from 'zod';
import { AssureProblem, problemFor, problems } from './errors.js';
import type { AssureState, DossierRecord, ProcessRecord } from './model.js';

export function assureRoute(handler: (c: Context) => Promise<Response> | Response) {
  return async (c: Context): Promise<Response> => {
    try {
      return await handler(c);
    } catch (error) {
      if (error instanceof AssureProblem) return problemFor(c, error);
      console.error('[signicat emulator]', error);
      return problemFor(c, problems.internal());
    }
  };
}

/** `field.path: message; …`, the zod issues in one line. */
export function issuesDetail(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
}

/** A JSON body validated by `schema`; an empty body reads as `{}` when `emptyAllowed`. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S, emptyAllowed = false): Promise<z.output<S>> {
  const text = await c.req.text();
  let body: unknown = {};
  if (text.length > 0 || !emptyAllowed) {
    if (!(c.req.header('content-type') ?? '').toLowerCase().includes('json')) throw problems.unsupportedMediaType('application/json');
    try {
      body = JSON.parse(text);
    } catch {
      throw problems.badJson();
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw problems.validation(issuesDetail(parsed.error.issues));
  return parsed.data;
}

export function findDossier(state: AssureState, c: Context): DossierRecord {
  const dossier = state.dossiers.get(c.req.param('dossierId') ?? '');
  if (!dossier) throw problems.dossierNotFound();
  return dossier;
}

export function findProcess(state: AssureState, c: Context): ProcessRecord {
  const process = findDossier(state, c).processes.get(c.req.param('processId') ?? '');
  if (!process) throw problems.processNotFound();
  return process;
}
