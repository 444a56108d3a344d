// BankID's RP API v6.0: POST-only JSON over mutual TLS (our client certificate, BankID's own CA
// pinned for the server). Node's fetch takes the TLS settings through undici's `dispatcher`;
// an in-process emulator (unit tests) ignores it. Every answer is validated; BankID's errors
// (`{errorCode, details}`) become a BankIdRefusal the adapter acts on, or a ProviderError.
import { Agent } from 'undici';
import { z } from 'zod';
import { ProviderError } from '../../errors.js';
import { parseProviderJson, refusedByProvider, safeProviderCode, sendToProvider } from '../http.js';
import type { AdapterDeps } from '../types.js';
import type { BankIdConfig } from './module.js';

const PROVIDER = 'bankid_se';

/** BankID's refusals the adapter turns into guidance for the person (the rest are provider errors). */
export const PERSON_FACING_ERRORS = ['alreadyInProgress', 'requestTimeout', 'maintenance', 'internalError'] as const;

/** BankID said no with one of its error codes (400 alreadyInProgress, 503 maintenance, …). */
export class BankIdRefusal extends Error {
  override readonly name = 'BankIdRefusal';
  constructor(
    readonly errorCode: string,
    readonly status: number,
  ) {
    super(`BankID refused: ${errorCode} (${status}).`);
  }
}

const ErrorBody = z.object({ errorCode: z.string(), details: z.string().optional() });

const StartedOrder = z.object({
  orderRef: z.string().min(1).max(64),
  autoStartToken: z.string().min(1).max(64),
  qrStartToken: z.string().min(1).max(64),
  qrStartSecret: z.string().min(1).max(64),
});
export type StartedOrder = z.infer<typeof StartedOrder>;

const CompletionData = z.object({
  user: z.object({ personalNumber: z.string().regex(/^\d{12}$/), name: z.string(), givenName: z.string(), surname: z.string() }),
  device: z.object({ ipAddress: z.string(), uhi: z.string().optional() }),
  bankIdIssueDate: z.string().optional(),
  stepUp: z.object({ mrtd: z.boolean() }).optional(),
  signature: z.string(),
  ocspResponse: z.string(),
  risk: z.enum(['low', 'moderate', 'high']).optional(),
});
export type CompletionData = z.infer<typeof CompletionData>;

// Hint codes are an open list: BankID adds new ones, and an RP must tolerate those it does not know.
const Collected = z.discriminatedUnion('status', [
  z.object({ orderRef: z.string(), status: z.literal('pending'), hintCode: z.string().max(64).optional() }),
  z.object({ orderRef: z.string(), status: z.literal('failed'), hintCode: z.string().max(64).optional() }),
  z.object({ orderRef: z.string(), status: z.literal('complete'), completionData: CompletionData }),
]);
export type Collected = z.infer<typeof Collected>;

export interface OrderRequest {
  endUserIp: string;
  /** Shown in the app as the order's text; makes the order a signature (`sign`) rather than `auth`. */
  signText: string | null;
  /** Shown in the app on an identification, when set. */
  authText: string | null;
}

export type BankIdClient = ReturnType<typeof createBankIdClient>;

export function createBankIdClient(config: BankIdConfig, deps: AdapterDeps) {
  // One connection pool with our certificate, for the life of the process.
  const dispatcher = new Agent({
    connect: { ca: config.caCert, cert: config.clientCert, key: config.clientKey.reveal() },
    keepAliveTimeout: 30_000,
  });

  async function post(operation: string, path: string, body: unknown): Promise<Response> {
    const response = await sendToProvider(deps.fetch, {
      provider: PROVIDER,
      operation,
      url: `${config.apiBase}/${path}`,
      // BankID answers 415 to a content type with parameters: exactly application/json.
      init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), dispatcher } as RequestInit,
      timeoutMs: deps.timeoutMs,
    }).catch(async (error: unknown) => {
      // 5xx and 429 arrive as ProviderErrors; BankID's own codes there (maintenance, internalError) are for the person too.
      if (error instanceof ProviderError && error.providerCode && (PERSON_FACING_ERRORS as readonly string[]).includes(error.providerCode)) {
        throw new BankIdRefusal(error.providerCode, error.providerStatus ?? 503);
      }
      throw error;
    });
    if (response.ok) return response;
    if (response.status === 400 || response.status === 408) {
      const parsed = ErrorBody.safeParse(await response.clone().json().catch(() => null));
      const code = parsed.success ? safeProviderCode(parsed.data.errorCode) : undefined;
      if (code) throw new BankIdRefusal(code, response.status);
    }
    throw await refusedByProvider({ provider: PROVIDER, operation }, response);
  }

  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

  return {
    /** Starts an identification (`auth`), or a signature (`sign`) when the deployment shows a text to sign. */
    async start(order: OrderRequest): Promise<StartedOrder> {
      const text = order.signText ?? order.authText;
      const body = {
        endUserIp: order.endUserIp,
        requirement: { certificatePolicies: config.certificatePolicies },
        ...(text ? { userVisibleData: base64(text), userVisibleDataFormat: 'simpleMarkdownV1' } : {}),
      };
      const operation = order.signText ? 'sign' : 'auth';
      return parseProviderJson({ provider: PROVIDER, operation }, await post(operation, operation, body), StartedOrder);
    },

    async collect(orderRef: string): Promise<Collected> {
      return parseProviderJson({ provider: PROVIDER, operation: 'collect' }, await post('collect', 'collect', { orderRef }), Collected);
    },

    /** Cancels a pending order; one already finished, or cancelled before, is not an error here. */
    async cancel(orderRef: string): Promise<void> {
      try {
        const response = await post('cancel', 'cancel', { orderRef });
        await response.body?.cancel();
      } catch (error) {
        if (error instanceof BankIdRefusal && error.errorCode === 'invalidParameters') return;
        throw error;
      }
    },
  };
}
