// Assure's own Onfido account, for the SDK variant (seed 001, use case 2): Assure creates the
// Onfido applicant and its SDK token when a process is created, Onfido's SDK uploads the captures
// straight to Onfido, and start verification reads back at Onfido what was uploaded. Only Onfido's
// public v3.6 API is used (`Authorization: Token token=<api token>` [S Onfido configuration
// template]), as Assure would with its account; nothing here reaches into an Onfido emulator.
// Which Onfido calls Assure really makes, and with what, is unpublished [U]: these are the calls
// Onfido's API needs for what seed 001 describes.
import { problems } from './errors.js';
import type { ProcessRecord } from './model.js';

/** Where Assure's Onfido account lives: e.g. `{ apiBase: 'http://127.0.0.1:41234/v3.6', apiToken: 'api_sandbox…' }`. */
export interface SignicatOnfidoLink {
  /** Onfido's API base, version included, no trailing slash needed. */
  apiBase: string;
  apiToken: string;
}

/** How long Onfido may take to answer one call before Assure gives up [U]. */
export const ONFIDO_CALL_TIMEOUT_MS = 10_000;

/**
 * [U] The applicant's names. Assure's create process takes no names, yet Onfido requires
 * `first_name` and `last_name` [S spec applicant_builder]; what Assure sends is not published.
 * Neutral values, and not Onfido's sandbox trigger `Consider`, so they never steer a result.
 */
export const ASSURE_APPLICANT_NAMES = { first_name: 'Assure', last_name: 'Applicant' } as const;

/** The link checked and normalised (trailing slashes dropped); throws TypeError otherwise. */
export function checkOnfidoLink(link: SignicatOnfidoLink): SignicatOnfidoLink {
  let url: URL;
  try {
    url = new URL(link?.apiBase);
  } catch {
    throw new TypeError('signicat emulator: onfido.apiBase must be an http(s) URL such as http://127.0.0.1:4010/v3.6.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('signicat emulator: onfido.apiBase must be an http(s) URL.');
  if (typeof link.apiToken !== 'string' || link.apiToken.trim() === '' || /\s/.test(link.apiToken)) {
    throw new TypeError('signicat emulator: onfido.apiToken must be a non-empty token without spaces.');
  }
  return { apiBase: link.apiBase.replace(/\/+$/, ''), apiToken: link.apiToken };
}

/** Onfido's media list entries (`GET /documents|/live_photos|/live_videos?applicant_id=` [S]), the fields read here. */
export interface OnfidoMedia {
  id: string;
  created_at?: string;
  /** Documents only. */
  type?: string;
  side?: 'front' | 'back';
}

export interface OnfidoCaptures {
  documents: OnfidoMedia[];
  livePhotos: OnfidoMedia[];
  liveVideos: OnfidoMedia[];
}

export interface ApplicantInput {
  countryOfResidence?: string;
  ipAddress?: string;
  privacyConsent?: boolean;
}

type Json = Record<string, unknown>;

export class OnfidoAccount {
  readonly link: SignicatOnfidoLink;
  constructor(
    link: SignicatOnfidoLink,
    private readonly fetchImpl: typeof fetch = (i, init) => globalThis.fetch(i, init),
  ) {
    this.link = checkOnfidoLink(link);
  }

  /**
   * POST /applicants: neutral names [U], the location Onfido needs before a check (API ≥ 3.4) and,
   * when the end-user accepted Onfido's privacy policies, the `privacy_notices_read` consent
   * [S applicant schema; D US consent guide]. Both location fields go when both were given.
   */
  async createApplicant(input: ApplicantInput): Promise<string> {
    const location: Json = {};
    if (input.countryOfResidence) location.country_of_residence = input.countryOfResidence;
    if (input.ipAddress) location.ip_address = input.ipAddress;
    const body: Json = {
      ...ASSURE_APPLICANT_NAMES,
      ...(Object.keys(location).length ? { location } : {}),
      ...(input.privacyConsent === true ? { consents: [{ name: 'privacy_notices_read', granted: true }] } : {}),
    };
    const created = await this.#call<{ id?: unknown }>('POST', '/applicants', 'create the applicant', body);
    if (typeof created.id !== 'string') throw problems.providerFailed('create the applicant', 'an applicant without an id');
    return created.id;
  }

  /**
   * POST /sdk_token with the applicant only. [U] How Assure binds the token to the web page (a
   * `referrer` pattern) or the mobile app (`application_id`, from processParameters.mobileAppId
   * perhaps) is not published, so the token admits any page, Onfido's default.
   */
  async sdkToken(applicantId: string): Promise<string> {
    const answer = await this.#call<{ token?: unknown }>('POST', '/sdk_token', 'mint the SDK token', { applicant_id: applicantId });
    if (typeof answer.token !== 'string' || answer.token === '') throw problems.providerFailed('mint the SDK token', 'no token');
    return answer.token;
  }

  /** What the SDK uploaded for the applicant: documents, live photos and live videos (the lists of Onfido's public API). */
  async captures(applicantId: string, want: { liveVideos: boolean; livePhotos: boolean }): Promise<OnfidoCaptures> {
    const q = `?applicant_id=${encodeURIComponent(applicantId)}`;
    const list = async (path: string, key: string): Promise<OnfidoMedia[]> => {
      const answer = await this.#call<Json>('GET', `${path}${q}`, `read the applicant's ${key.replace('_', ' ')}`);
      const items = answer[key];
      if (!Array.isArray(items)) throw problems.providerFailed(`read the applicant's ${key.replace('_', ' ')}`, `no ${key} list`);
      return items.filter((m): m is OnfidoMedia => typeof m === 'object' && m !== null && typeof (m as OnfidoMedia).id === 'string');
    };
    const [documents, livePhotos, liveVideos] = await Promise.all([
      list('/documents', 'documents'),
      want.livePhotos ? list('/live_photos', 'live_photos') : Promise.resolve([]),
      want.liveVideos ? list('/live_videos', 'live_videos') : Promise.resolve([]),
    ]);
    return { documents, livePhotos, liveVideos };
  }

  /** DELETE /applicants/{id} (Onfido schedules the deletion [D]); best-effort, never throws. */
  async deleteApplicant(applicantId: string): Promise<boolean> {
    try {
      await this.#call('DELETE', `/applicants/${encodeURIComponent(applicantId)}`, 'delete the applicant');
      return true;
    } catch {
      return false;
    }
  }

  /** One call with the account's token; a network failure or a timeout is a 503 problem, any non-2xx answer a 502. */
  async #call<T = Json>(method: string, path: string, operation: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.link.apiBase}${path}`, {
        method,
        headers: {
          authorization: `Token token=${this.link.apiToken}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(ONFIDO_CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw problems.providerUnreachable(operation, error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached');
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      // Onfido's error `type` (e.g. validation_error) names the failure; its message and fields may echo what was sent, so they stay out.
      let type: string | undefined;
      try {
        const t = (JSON.parse(text) as { error?: { type?: unknown } }).error?.type;
        if (typeof t === 'string' && /^[a-z_]{1,64}$/.test(t)) type = t;
      } catch {
        type = undefined;
      }
      throw problems.providerFailed(operation, `${res.status}${type ? ` ${type}` : ''}`);
    }
    if (res.status === 204 || text === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw problems.providerFailed(operation, 'a body that is not JSON');
    }
  }
}

/**
 * Deleting a process (or its dossier) deletes its Onfido applicant too [U: that Assure does is
 * not published; erasing the person's captures with the dossier is what a deletion means].
 * Best-effort: a failure at Onfido does not fail Assure's answer.
 */
export async function forgetAtOnfido(processes: Iterable<ProcessRecord>): Promise<void> {
  await Promise.all([...processes].map((p) => (p.onfido ? p.onfido.account.deleteApplicant(p.onfido.applicantId) : undefined)));
}
