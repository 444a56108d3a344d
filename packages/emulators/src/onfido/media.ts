// Documents, live photos, live videos and motion captures: multipart uploads checked against the
// limits Onfido's spec states (type jpg/png/pdf; documents 2 KB–3 MB, live photos 32 KB–10 MB),
// bytes kept in memory only, and the list/retrieve/download reads of the public API.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { COUNTRY_CODES, DOCUMENT_TYPES } from './vocabulary.js';
import { errors, fieldsFrom, type ErrorFields } from './errors.js';
import { onfidoRoute, idOf } from './http.js';
import { BASE_PATH, iso, newId, type MediaKind, type MediaRecord, type OnfidoState } from './model.js';

const KB = 1024;
const MB = 1024 * KB;

/** Spec `upload_document` / `upload_live_photo` descriptions; videos are [U] (SDK-only uploads, no documented limit). */
export const UPLOAD_LIMITS: Record<MediaKind, { min: number; max: number; types: readonly string[] }> = {
  document: { min: 2 * KB, max: 3 * MB, types: ['jpg', 'png', 'pdf'] },
  live_photo: { min: 32 * KB, max: 10 * MB, types: ['jpg', 'png', 'pdf'] },
  live_video: { min: 1, max: 20 * MB, types: ['webm', 'mp4', 'mov'] },
  motion_capture: { min: 1, max: 20 * MB, types: ['webm', 'mp4', 'mov'] },
};

/** The file type from its first bytes, not its name or declared type: what Onfido inspects too. */
export function sniffType(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'jpg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (starts(0x1a, 0x45, 0xdf, 0xa3)) return 'webm';
  if (bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70) return bytes[8] === 0x71 ? 'mov' : 'mp4';
  return null;
}

// The one-face check of live photos (advanced_validation) is not emulated: every photo passes it.
const DocumentFields = z.object({
  type: z.enum(DOCUMENT_TYPES, { message: 'is not included in the list' }),
  side: z.enum(['front', 'back']).optional(),
  issuing_country: z.enum(COUNTRY_CODES).optional(),
});

export interface UploadInput {
  kind: MediaKind;
  applicantId: string | undefined;
  form: FormData;
}

/** Validates one multipart upload into a record (not yet stored); throws Onfido's 422 on any problem. */
export async function readUpload(state: OnfidoState, input: UploadInput, now: number): Promise<MediaRecord> {
  const fields: ErrorFields = {};
  const file = input.form.get('file');
  const limits = UPLOAD_LIMITS[input.kind];
  let bytes: Uint8Array | null = null;
  let fileType: string | null = null;
  if (!(file instanceof File)) fields.file = ["can't be blank"];
  else {
    bytes = new Uint8Array(await file.arrayBuffer());
    fileType = sniffType(bytes);
    if (!fileType || !limits.types.includes(fileType)) (fields.file ??= []).push(`must be one of the following types: ${limits.types.join(', ')}`);
    if (bytes.length < limits.min || bytes.length > limits.max) {
      (fields.file ??= []).push(`must be between ${fmt(limits.min)} and ${fmt(limits.max)}`);
    }
  }
  if (!input.applicantId) fields.applicant_id = ["can't be blank"];
  else if (!state.applicant(input.applicantId)) fields.applicant_id = ['not found'];

  let doc: z.output<typeof DocumentFields> | undefined;
  if (input.kind === 'document') {
    const parsed = DocumentFields.safeParse(Object.fromEntries([...input.form].filter(([, v]) => typeof v === 'string')));
    if (!parsed.success) Object.assign(fields, fieldsFrom(parsed.error.issues));
    else doc = parsed.data;
  }
  if (Object.keys(fields).length > 0 || !bytes || !fileType || !(file instanceof File)) throw errors.validation(fields);
  return {
    id: newId(),
    kind: input.kind,
    applicant_id: input.applicantId!,
    created_at: iso(now),
    file_name: file.name || `upload.${fileType}`,
    file_type: fileType,
    file_size: bytes.length,
    bytes,
    ...(doc ? { type: doc.type, ...(doc.side ? { side: doc.side } : {}), ...(doc.issuing_country ? { issuing_country: doc.issuing_country } : {}) } : {}),
  };
}

const fmt = (n: number) => (n >= MB ? `${n / MB}MB` : `${n / KB}KB`);
const PLURAL: Record<MediaKind, string> = { document: 'documents', live_photo: 'live_photos', live_video: 'live_videos', motion_capture: 'motion_captures' };

export function renderMedia(m: MediaRecord): Record<string, unknown> {
  const href = `${BASE_PATH}/${PLURAL[m.kind]}/${m.id}`;
  const out: Record<string, unknown> = {
    id: m.id,
    created_at: m.created_at,
    href,
    download_href: `${href}/download`,
    file_name: m.file_name,
    file_type: m.file_type,
    file_size: m.file_size,
  };
  if (m.kind === 'document') Object.assign(out, { type: m.type, applicant_id: m.applicant_id }, m.side ? { side: m.side } : {}, m.issuing_country ? { issuing_country: m.issuing_country } : {});
  return out;
}

/** Reads a multipart body, or throws Onfido's 415 when the request is not multipart. */
export async function multipart(c: Context): Promise<FormData> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) throw errors.unsupportedMediaType('multipart/form-data');
  try {
    return await c.req.formData();
  } catch {
    throw errors.validation({ file: ['the multipart body could not be read'] });
  }
}

export interface MediaDeps {
  state: OnfidoState;
  now(): number;
}

export function mountMedia(app: Hono, deps: MediaDeps): void {
  const { state } = deps;
  for (const kind of ['document', 'live_photo', 'live_video', 'motion_capture'] as const) {
    const base = `${BASE_PATH}/${PLURAL[kind]}`;
    const find = (id: string) => {
      const m = state.media.get(id);
      if (!m || m.kind !== kind || !state.applicant(m.applicant_id)) throw errors.notFound();
      return m;
    };
    // Live videos and motion captures have no upload endpoint in the public API: only SDKs create them.
    if (kind === 'document' || kind === 'live_photo') {
      app.post(
        base,
        onfidoRoute(async (c) => {
          const form = await multipart(c);
          const applicantId = form.get('applicant_id');
          const record = await readUpload(state, { kind, applicantId: typeof applicantId === 'string' ? applicantId : undefined, form }, deps.now());
          state.media.set(record.id, record);
          return c.json(renderMedia(record), 201);
        }),
      );
    }
    app.get(
      base,
      onfidoRoute((c) => {
        const applicantId = c.req.query('applicant_id');
        if (!applicantId) throw errors.validation({ applicant_id: ["can't be blank"] });
        if (!state.applicant(applicantId)) throw errors.notFound();
        return c.json({ [PLURAL[kind]]: state.mediaOf(applicantId, kind).map(renderMedia) });
      }),
    );
    app.get(`${base}/:id`, onfidoRoute((c) => c.json(renderMedia(find(idOf(c))))));
    app.get(
      `${base}/:id/download`,
      onfidoRoute((c) => {
        const m = find(idOf(c));
        const mime = { jpg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf', webm: 'video/webm', mp4: 'video/mp4', mov: 'video/quicktime' }[m.file_type];
        return new Response(Buffer.from(m.bytes), { headers: { 'content-type': mime ?? 'application/octet-stream', 'cache-control': 'no-store' } });
      }),
    );
  }
}
