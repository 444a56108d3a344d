// What an emulator received, kept for tests to inspect: method, path, headers and the parsed
// body, with secrets, tokens and personal fields replaced by "[redacted]" before they are stored.
import type { Context } from 'hono';

export const REDACTED = '[redacted]';

/** One call an emulator received, as `GET /__emulator__/requests` lists it. */
export interface RecordedRequest {
  id: number;
  /** ISO time on the emulator's clock. */
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed body (JSON, form or multipart fields), redacted; null when there was none. */
  body: unknown;
  status: number;
  /** The emulator's JSON answer, redacted; null for non-JSON answers (scripts, pages). */
  response: unknown;
}

// Names that are secret or personal in every provider's API; each emulator adds its own.
const ALWAYS_REDACTED = /secret|token|password|passcode|api[-_]?key|authorization|cookie|signature|^auth$/i;
const MAX_RECORDED = 500;
const MAX_BODY_BYTES = 64 * 1024;

export type Redactor = (key: string) => boolean;

export function createRedactor(extraKeys: readonly string[] = []): Redactor {
  const extra = new Set(extraKeys.map((k) => k.toLowerCase()));
  return (key) => ALWAYS_REDACTED.test(key) || extra.has(key.toLowerCase());
}

/** Deep copy of a JSON-ish value with every redacted key's value replaced. */
export function redact(value: unknown, isSecret: Redactor): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, isSecret));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, isSecret(k) ? REDACTED : redact(v, isSecret)]),
    );
  }
  return value;
}

/** Reads a request body for the log without consuming it for the handler. */
export async function readBodyForLog(request: Request): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return null;
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  const copy = request.clone();
  try {
    if (type.startsWith('multipart/form-data')) {
      const form = await copy.formData();
      const fields: Record<string, unknown> = {};
      for (const [k, v] of form) fields[k] = typeof v === 'string' ? v : { file: v.name, type: v.type, size: v.size };
      return fields;
    }
    const text = await copy.text();
    if (text.length === 0) return null;
    if (text.length > MAX_BODY_BYTES) return { unrecorded_bytes: text.length };
    if (type.includes('json')) return JSON.parse(text) as unknown;
    if (type.startsWith('application/x-www-form-urlencoded') || type === '') {
      return Object.fromEntries(new URLSearchParams(text));
    }
    return { unrecorded_bytes: text.length };
  } catch {
    // A malformed body is worth seeing in the log as such; the handler answers it properly.
    return { unparseable: true };
  }
}

export class RequestLog {
  #entries: RecordedRequest[] = [];
  #nextId = 1;

  constructor(private readonly isSecret: Redactor) {}

  async record(c: Context, at: number, body: unknown): Promise<void> {
    const url = new URL(c.req.url);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => {
      headers[k] = this.isSecret(k) ? REDACTED : v;
    });
    let response: unknown = null;
    if ((c.res.headers.get('content-type') ?? '').includes('json')) {
      try {
        response = redact(await c.res.clone().json(), this.isSecret);
      } catch {
        response = null;
      }
    }
    this.#entries.push({
      id: this.#nextId++,
      at: new Date(at).toISOString(),
      method: c.req.method,
      path: url.pathname,
      query: redact(Object.fromEntries(url.searchParams), this.isSecret) as Record<string, string>,
      headers,
      body: redact(body, this.isSecret),
      status: c.res.status,
      response,
    });
    if (this.#entries.length > MAX_RECORDED) this.#entries.splice(0, this.#entries.length - MAX_RECORDED);
  }

  list(filter: { path?: string; method?: string } = {}): RecordedRequest[] {
    return this.#entries
      .filter((e) => (!filter.path || e.path === filter.path) && (!filter.method || e.method === filter.method.toUpperCase()))
      .map((e) => structuredClone(e));
  }

  clear(): void {
    this.#entries = [];
  }
}
