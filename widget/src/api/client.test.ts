// The BFF client against a hand-made fetch: requests sent, answers guarded, failures typed.
import { describe, expect, it } from 'vitest';
import { createApiClient, readResponse } from './client.js';
import { ApiError, isFatalCode } from './errors.js';
import { isWidgetSession } from './guards.js';
import { sampleAttempt, sampleProvider, sampleResult, sampleSession } from './fixtures.js';

interface Seen {
  url: string;
  init: RequestInit;
}

/** A fetch that records each request and answers with the next of `answers`. */
function handMadeFetch(...answers: Array<Response | Error | 'hang'>) {
  const seen: Seen[] = [];
  const fetch: typeof globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    seen.push({ url: String(input), init });
    const answer = answers.shift();
    if (answer === undefined) throw new Error('unexpected request');
    if (answer === 'hang') {
      // Like a real fetch: never settles on its own, rejects when its signal aborts.
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const client = (fetch: typeof globalThis.fetch, timeoutMs?: number) =>
  createApiClient({ apiBase: 'http://127.0.0.1:8787/', clientSecret: 'cs_test_secret', fetch, ...(timeoutMs ? { timeoutMs } : {}) });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('requests', () => {
  it('reads the session with the client secret as a bearer token and no body', async () => {
    const { fetch, seen } = handMadeFetch(json(sampleSession({ country_of_residence: 'SE' })));
    const session = await client(fetch).getSession();
    expect(session.country_of_residence).toBe('SE');
    expect(seen[0]!.url).toBe('http://127.0.0.1:8787/v1/identity/session');
    expect(seen[0]!.init.method).toBe('GET');
    expect(seen[0]!.init.body).toBeUndefined();
    expect(seen[0]!.init.credentials).toBe('omit');
    expect((seen[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer cs_test_secret');
  });

  it('posts JSON bodies with a JSON content type', async () => {
    const consent = { id: 'cns_1', notice: 'privacy_notice', version: '2026-11', decision: 'accepted', text_sha256: 'ab', recorded_at: '2030-01-01T00:00:00Z', session_status: 'requires_input' };
    const { fetch, seen } = handMadeFetch(json(consent, 201));
    const body = { notice: 'privacy_notice', version: '2026-11', locale: 'en', text: 'Shown text', decision: 'accepted' } as const;
    await expect(client(fetch).recordConsent(body)).resolves.toMatchObject({ id: 'cns_1' });
    expect(seen[0]!.url).toBe('http://127.0.0.1:8787/v1/identity/consents');
    expect(seen[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual(body);
    expect((seen[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('puts the country in the providers query and posts the token body as given', async () => {
    const { fetch, seen } = handMadeFetch(json([sampleProvider()]), json(sampleResult()));
    const api = client(fetch);
    await expect(api.listProviders('SE')).resolves.toHaveLength(1);
    await api.submitToken({ provider_key: 'turnstile', session_ref: 'ref_1', token: 'XXXX.DUMMY.TOKEN.XXXX' });
    expect(seen[0]!.url).toBe('http://127.0.0.1:8787/v1/identity/providers?country=SE');
    expect(seen[1]!.url).toBe('http://127.0.0.1:8787/v1/identity/verify/token');
    expect(JSON.parse(String(seen[1]!.init.body))).toEqual({ provider_key: 'turnstile', session_ref: 'ref_1', token: 'XXXX.DUMMY.TOKEN.XXXX' });
  });

  it('refuses to build without a base or a secret', () => {
    expect(() => createApiClient({ apiBase: '', clientSecret: 'x' })).toThrow(expect.objectContaining({ code: 'missing_api_base' }));
    expect(() => createApiClient({ apiBase: 'http://x', clientSecret: '' })).toThrow(expect.objectContaining({ code: 'missing_client_secret' }));
  });
});

describe('failures', () => {
  it('carries the code, status, request id and issues of a BFF error body', async () => {
    const body = { error: { code: 'validation_failed', message: 'The request is not valid; see details.issues.', details: { issues: [{ path: 'body.country', message: 'Expected a code' }] }, request_id: 'req_9' } };
    const { fetch } = handMadeFetch(json(body, 400));
    const error = await failure(client(fetch).setResidence('XX'));
    expect(error).toMatchObject({ code: 'validation_failed', status: 400, requestId: 'req_9', message: body.error.message });
    expect(error.issues).toEqual([{ path: 'body.country', message: 'Expected a code' }]);
  });

  it('keeps codes it does not know, so newer BFFs still reach the host page', async () => {
    const { fetch } = handMadeFetch(json({ error: { code: 'brand_new_code', message: 'New.' } }, 409));
    expect((await failure(client(fetch).initiate({ provider_key: 'turnstile', requested_claims: ['verified_human'] }))).code).toBe('brand_new_code');
  });

  it('falls back to a code by status when the error body is not ours', async () => {
    const { fetch } = handMadeFetch(
      new Response('<html>Bad gateway</html>', { status: 502 }),
      new Response('', { status: 500 }),
      new Response('{"error":"flat string"}', { status: 429 }),
    );
    const api = client(fetch);
    expect(await failure(api.getSession())).toMatchObject({ code: 'provider_error', status: 502 });
    expect(await failure(api.getSession())).toMatchObject({ code: 'internal_error', status: 500 });
    expect(await failure(api.getSession())).toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('turns a failed fetch (CORS refusal, no route) into network_error with the cause kept', async () => {
    const refusal = new TypeError('Failed to fetch');
    const { fetch } = handMadeFetch(refusal);
    const error = await failure(client(fetch).getSession());
    expect(error).toMatchObject({ code: 'network_error', status: 0 });
    expect(error.cause).toBe(refusal);
  });

  it('gives up after the timeout with network_error and aborts the request', async () => {
    const { fetch, seen } = handMadeFetch('hang');
    const started = Date.now();
    const error = await failure(client(fetch, 50).getSession());
    expect(error.code).toBe('network_error');
    expect(error.message).toMatch(/in time/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(seen[0]!.init.signal?.aborted).toBe(true);
  });

  it("rethrows the caller's abort reason instead of reporting an error", async () => {
    const { fetch } = handMadeFetch('hang');
    const controller = new AbortController();
    const pending = client(fetch).getSession(controller.signal);
    const reason = new Error('left the step');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('rejects a success answer that is not JSON or not the expected shape', async () => {
    const { fetch } = handMadeFetch(
      new Response('not json', { status: 200 }),
      json({ id: 'ivs_1' }),
      json({ ...sampleAttempt(), client: null }, 201),
    );
    const api = client(fetch);
    expect((await failure(api.getSession())).code).toBe('internal_error');
    expect((await failure(api.getSession())).code).toBe('internal_error');
    expect((await failure(api.initiate({ provider_key: 'turnstile', requested_claims: ['verified_human'] }))).code).toBe('internal_error');
  });
});

describe('readResponse', () => {
  it('accepts a well-formed session and rejects one with a broken nested field', async () => {
    await expect(readResponse(json(sampleSession()), isWidgetSession)).resolves.toMatchObject({ id: 'ivs_test_1' });
    const broken = { ...sampleSession(), consents: [{ notice: 'privacy_notice' }] };
    await expect(readResponse(json(broken), isWidgetSession)).rejects.toMatchObject({ code: 'internal_error' });
  });

  it('accepts a session resumed mid-attempt', async () => {
    const session = sampleSession({ active_attempt: sampleAttempt() });
    await expect(readResponse(json(session), isWidgetSession)).resolves.toMatchObject({ active_attempt: { session_ref: 'ref_1' } });
  });
});

describe('isFatalCode', () => {
  it('marks credential problems fatal and transient ones not', () => {
    expect(isFatalCode('client_secret_expired')).toBe(true);
    expect(isFatalCode('unauthorized')).toBe(true);
    expect(isFatalCode('network_error')).toBe(false);
    expect(isFatalCode('rate_limited')).toBe(false);
  });
});
