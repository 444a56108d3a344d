// Our own capture's images, streamed on to Onfido's /documents and /live_photos as the multipart
// bodies Onfido takes. Not through the official client: it wants each file whole in a Buffer,
// which would make the BFF hold every image in memory; here the bytes pass through as they arrive.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OnfidoConfig } from './module.js';
import { ApiError, ProviderError } from '../../errors.js';
import { refusedByProvider, sendToProvider } from '../http.js';
import type { AdapterDeps, CaptureSide, UploadedImage } from '../types.js';

/** Onfido's limits per image (API reference: documents 2 KB–3 MB, live photos 32 KB–10 MB). */
export const ONFIDO_UPLOAD_LIMITS: Record<CaptureSide, { min: number; max: number }> = {
  document_front: { min: 2 * 1024, max: 3 * 1024 * 1024 },
  document_back: { min: 2 * 1024, max: 3 * 1024 * 1024 },
  selfie: { min: 32 * 1024, max: 10 * 1024 * 1024 },
};

/** A large image over a slow link takes longer than an API call may. */
const UPLOAD_TIMEOUT_MS = 60_000;
const MediaSchema = z.object({ id: z.string().min(1) });
const ErrorTypeSchema = z.object({ error: z.object({ type: z.string().regex(/^[a-z_]{1,64}$/) }) });

/** The multipart body around the image: form fields first, the file last, so the image can stream. */
export function multipartFrame(boundary: string, fields: Record<string, string>, file: { name: string; type: string }) {
  const enc = new TextEncoder();
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const head = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`;
  return { head: enc.encode(head), tail: enc.encode(`\r\n--${boundary}--\r\n`) };
}

export async function uploadToOnfido(config: OnfidoConfig, deps: AdapterDeps, applicantId: string, upload: UploadedImage): Promise<string> {
  const { side, documentType, image } = upload;
  const selfie = side === 'selfie';
  const fields: Record<string, string> = selfie
    ? { applicant_id: applicantId }
    : { applicant_id: applicantId, type: documentType ?? 'unknown', side: side === 'document_front' ? 'front' : 'back' };
  const boundary = `idv-${randomUUID()}`;
  const extension = image.type === 'image/png' ? 'png' : 'jpg';
  const { head, tail } = multipartFrame(boundary, fields, { name: `${side}.${extension}`, type: image.type });
  const source = image.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(head),
    async pull(controller) {
      const { done, value } = await source.read();
      if (!done) return controller.enqueue(value);
      controller.enqueue(tail);
      controller.close();
    },
    cancel: (reason) => source.cancel(reason),
  });
  const call = { provider: 'onfido', operation: selfie ? 'upload_live_photo' : 'upload_document' };
  const response = await sendToProvider(deps.streamFetch, {
    ...call,
    url: `${config.apiBase}/${selfie ? 'live_photos' : 'documents'}`,
    timeoutMs: UPLOAD_TIMEOUT_MS,
    init: {
      method: 'POST',
      headers: {
        authorization: `Token token=${config.apiToken.reveal()}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.byteLength + image.length + tail.byteLength),
      },
      body,
      duplex: 'half',
    } as RequestInit,
  });
  if (response.status === 422 || response.status === 413 || response.status === 415) {
    // Onfido refused the picture itself (no face found, too large, a format it does not take...): the person can take another.
    const type = ErrorTypeSchema.safeParse(await response.json().catch(() => null));
    throw new ApiError('image_rejected', `Onfido did not accept the ${selfie ? 'selfie' : 'document image'}${type.success ? ` (${type.data.error.type})` : ''}.`);
  }
  if (response.status !== 201) throw await refusedByProvider(call, response, `Onfido answered ${response.status} to an upload.`);
  let json: unknown;
  try {
    json = await response.json();
  } catch (cause) {
    throw new ProviderError('provider_error', 'onfido', 'Onfido answered an upload with a body that is not JSON.', { cause, ...call, status: response.status });
  }
  const parsed = MediaSchema.safeParse(json);
  if (!parsed.success) throw new ProviderError('provider_error', 'onfido', 'Onfido answered an upload with an unexpected body.', { cause: parsed.error, ...call, status: response.status });
  return parsed.data.id;
}
