// The page's calls to its own server (the demo's host backend). Same origin, JSON both ways.
// The server's shapes, declared once beside the server (type-only: nothing is bundled).
import type { DemoConfig, DemoSession, StartRequest } from '../server/app.js';
import type { IssueRequest, PersonView, RevokeResult } from '../server/person.js';
export type { DemoConfig, DemoSession, PersonView, RevokeResult };

/** A preset's key and the choices beside it; the server turns them into requirements. */
export type StartOptions = StartRequest & { locale: string };

/** An error the demo server answered with, keeping its public code and message. */
export class DemoApiError extends Error {
  override readonly name = 'DemoApiError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new DemoApiError('demo_unreachable', 'The demo server could not be reached. Is npm start still running?');
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new DemoApiError(
      typeof error?.code === 'string' ? error.code : 'demo_error',
      typeof error?.message === 'string' ? error.message : `The demo server answered ${response.status}.`,
    );
  }
  return json as T;
}

export const demoApi = {
  config: () => call<DemoConfig>('GET', '/api/config'),
  current: async () => (await call<{ session: DemoSession | null }>('GET', '/api/session')).session,
  start: async (options: StartOptions) => (await call<{ session: DemoSession }>('POST', '/api/session', options)).session,
  person: () => call<PersonView>('GET', '/api/person'),
  issuePassport: (claimIds: IssueRequest['claim_ids']) => call<{ passport: string; person: PersonView }>('POST', '/api/passports', { claim_ids: claimIds } satisfies IssueRequest),
  revokeClaim: (id: string) => call<RevokeResult>('DELETE', `/api/claims/${encodeURIComponent(id)}`),
  forget: async () => {
    await call<{ session: null }>('DELETE', '/api/session');
  },
};
