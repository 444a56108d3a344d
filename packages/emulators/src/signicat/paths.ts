// Every path the Signicat emulator serves, in one table with the confidence of each: routes are
// mounted from these strings, so correcting an unconfirmed path is a one-line edit here.
// Tags as in PROVIDERS.md: [D] official docs excerpt, [3P] third-party code calling the real API,
// [U] unverified (our best reading; the Assure OpenAPI could not be retrieved).

export type Confidence = 'D' | '3P' | 'U';

export interface AssurePath {
  method: 'GET' | 'POST' | 'DELETE';
  /** Hono pattern; `:name` segments are path parameters. */
  path: string;
  confidence: Confidence;
  /** Where it comes from, and what about it is unconfirmed. */
  note: string;
}

export const ASSURE_PATHS = {
  token: {
    method: 'POST',
    path: '/auth/open/connect/token',
    confidence: '3P',
    note: 'client credentials, client_secret_basic [3P SPA + webid backend; D Postman collection names client_secret_basic]',
  },
  createDossier: { method: 'POST', path: '/assure/dossiers', confidence: 'D', note: 'body {} [D curl in integration flows; 3P]' },
  listDossiers: { method: 'GET', path: '/assure/dossiers', confidence: '3P', note: 'a bare array [3P SPA reads Array.isArray(payload)]' },
  getDossier: {
    method: 'GET',
    path: '/assure/dossiers/:dossierId',
    confidence: 'U',
    note: 'the "Get dossier" operation exists [D]; its path is inferred from DELETE on the same resource [3P]; answer shape [U]',
  },
  deleteDossier: { method: 'DELETE', path: '/assure/dossiers/:dossierId', confidence: '3P', note: '204 [U]' },
  setDossierFiles: {
    method: 'POST',
    path: '/assure/dossiers/:dossierId/files',
    confidence: 'D',
    note: 'JSON {front, back, selfie} dataURLs, all at once or one at a time [D files-in-dossier]; 204 [U]',
  },
  deleteDossierFiles: {
    method: 'DELETE',
    path: '/assure/dossiers/:dossierId/files',
    confidence: 'U',
    note: 'the "Delete files from dossier" operation exists [D]; path [U]',
  },
  createProcess: {
    method: 'POST',
    path: '/assure/dossiers/:dossierId/processes',
    confidence: '3P',
    note: 'body {provider, processType, documentType, processParameters} [seed 001]; path [3P webid backend]',
  },
  getProcess: { method: 'GET', path: '/assure/dossiers/:dossierId/processes/:processId', confidence: 'D', note: '[D + 3P]' },
  deleteProcess: { method: 'DELETE', path: '/assure/dossiers/:dossierId/processes/:processId', confidence: '3P', note: '204 [U]' },
  setProcessImages: {
    method: 'POST',
    path: '/assure/dossiers/:dossierId/processes/:processId/files',
    confidence: 'U',
    note: '"Set images to the process": dataURLs "the same way as" dossier files [D]; the path and the {front, back, selfie} body are [U]',
  },
  setProcessImage: {
    method: 'POST',
    path: '/assure/dossiers/:dossierId/processes/:processId/files/:imageType',
    confidence: 'U',
    note: 'one image as the raw body (Content-Type image/jpeg or image/png), imageType FRONT|BACK|SELFIE: a variant we expect Assure to offer, not seen in any source [U]',
  },
  getProcessImage: {
    method: 'GET',
    path: '/assure/dossiers/:dossierId/processes/:processId/files/:imageType',
    confidence: 'U',
    note: 'the "Get image" operation exists (FRONT, BACK, SELFIE; no PORTRAIT from Onfido) [seed 001]; path and raw-bytes answer [U]',
  },
  startVerification: {
    method: 'POST',
    path: '/assure/dossiers/:dossierId/processes/:processId/verify',
    confidence: 'U',
    note: 'the "Start verification" operation, no parameters [seed 001]; path [U]',
  },
  documentTypes: {
    method: 'GET',
    path: '/assure/:provider/document-types',
    confidence: '3P',
    note: 'path [3P]; the answer shape for onfido is [U]',
  },
} as const satisfies Record<string, AssurePath>;

export type AssureOperation = keyof typeof ASSURE_PATHS;
export const ASSURE_OPERATIONS = Object.keys(ASSURE_PATHS) as AssureOperation[];

const patterns = new Map(
  ASSURE_OPERATIONS.map((op) => [op, new RegExp(`^${ASSURE_PATHS[op].path.replace(/:[A-Za-z]+/g, '[^/]+')}$`)]),
);

/** Whether a request is a call of `operation` (used to aim injected failures at one operation). */
export function matchesOperation(operation: AssureOperation, method: string, path: string): boolean {
  return ASSURE_PATHS[operation].method === method.toUpperCase() && patterns.get(operation)!.test(path);
}
