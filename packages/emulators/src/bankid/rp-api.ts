// BankID's RP API v6.0 at /rp/v6.0/: auth, sign, phone/auth, phone/sign, collect and cancel, all
// POST with a JSON body, every refusal `{errorCode, details}` with BankID's status. Reached over
// mutual TLS on a socket, or in process (see app.ts for who counts as the relying party there).
import { isIP } from 'node:net';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Fault } from '../shared/kit.js';
import { requestTransport } from '../shared/tls.js';
import type { OrderKind, OrderStore } from './orders.js';
import { isPersonalNumber } from './people.js';

export const RP_API_BASE = '/rp/v6.0';

/** BankID's error codes and the HTTP status each comes with. */
export const BANKID_ERRORS = {
  invalidParameters: 400,
  alreadyInProgress: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  requestTimeout: 408,
  unsupportedMediaType: 415,
  tooManyRequests: 429,
  internalError: 500,
  maintenance: 503,
} as const;
export type BankIdErrorCode = keyof typeof BANKID_ERRORS;

const DEFAULT_DETAILS: Record<BankIdErrorCode, string> = {
  invalidParameters: 'Invalid parameters',
  alreadyInProgress: 'Order already in progress for pno',
  unauthorized: 'RP does not have access to the service',
  notFound: 'An erroneous URL path was used',
  methodNotAllowed: 'Only http method POST is allowed',
  requestTimeout: 'It took too long time to transmit the request',
  unsupportedMediaType: 'Only application/json is allowed, without parameters',
  tooManyRequests: 'Too many requests',
  internalError: 'Internal technical error in the BankID system',
  maintenance: 'The service is temporarily unavailable',
};

export function bankIdErrorBody(errorCode: BankIdErrorCode, details = DEFAULT_DETAILS[errorCode]) {
  return { errorCode, details };
}

/** A kit fault that answers an RP API endpoint (`'auth'`, `'collect'`…) with a BankID error. */
export function bankIdFault(endpoint: string, errorCode: BankIdErrorCode, options: { times?: number; details?: string } = {}): Fault {
  return { path: `${RP_API_BASE}/${endpoint}`, method: 'POST', status: BANKID_ERRORS[errorCode], json: bankIdErrorBody(errorCode, options.details), times: options.times };
}

const refuse = (c: Context, errorCode: BankIdErrorCode, details?: string) => c.json(bankIdErrorBody(errorCode, details), BANKID_ERRORS[errorCode]);

const base64 = (max: number) =>
  z.string().min(1).max(max).refine((s) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s), 'not base64');
const requirement = z.object({
  pinCode: z.boolean().optional(),
  mrtd: z.boolean().optional(),
  cardReader: z.enum(['class1', 'class2']).optional(),
  certificatePolicies: z.array(z.string().regex(/^\d+(\.\d+)+$/)).min(1).max(20).optional(),
  personalNumber: z.string().refine(isPersonalNumber, 'not a personal number').optional(),
});
// BankID's limits: 40 000 characters of userVisibleData and 200 000 of userNonVisibleData, in base64.
const shown = {
  userVisibleData: base64(40_000).optional(),
  userNonVisibleData: base64(200_000).optional(),
  userVisibleDataFormat: z.literal('simpleMarkdownV1').optional(),
};
// Unknown fields (app, web, riskFlags…) are let through, as a newer client may send them.
const order = z.object({
  endUserIp: z.string().refine((ip) => isIP(ip) !== 0, 'not an IP address'),
  requirement: requirement.optional(),
  returnUrl: z.string().url().max(2000).optional(),
  returnRisk: z.boolean().optional(),
  ...shown,
});
const phone = z.object({
  personalNumber: z.string().refine(isPersonalNumber, 'not a personal number'),
  callInitiator: z.enum(['user', 'RP']),
  requirement: requirement.omit({ personalNumber: true, cardReader: true }).optional(),
  ...shown,
});
const ref = z.object({ orderRef: z.string().uuid() });

const SCHEMAS = {
  auth: order,
  sign: order.extend({ userVisibleData: shown.userVisibleData.unwrap() }),
  'phone/auth': phone,
  'phone/sign': phone.extend({ userVisibleData: shown.userVisibleData.unwrap() }),
  collect: ref,
  cancel: ref,
} as const;
type Endpoint = keyof typeof SCHEMAS;

function invalid(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  return `Invalid ${field}`;
}

export function mountRpApi(app: Hono, orders: OrderStore): void {
  const create = (c: Context, kind: OrderKind, body: z.output<(typeof SCHEMAS)[OrderKind]>) => {
    if ('userVisibleDataFormat' in body && body.userVisibleDataFormat && !body.userVisibleData) {
      return refuse(c, 'invalidParameters', 'Invalid userVisibleDataFormat');
    }
    const phoneOrder = 'personalNumber' in body;
    const made = orders.create({
      kind,
      endUserIp: 'endUserIp' in body ? body.endUserIp : undefined,
      personalNumber: phoneOrder ? body.personalNumber : body.requirement?.personalNumber,
      requirement: body.requirement ?? {},
      userVisibleData: body.userVisibleData,
      userNonVisibleData: body.userNonVisibleData,
      userVisibleDataFormat: body.userVisibleDataFormat,
      returnRisk: 'returnRisk' in body ? body.returnRisk : undefined,
      returnUrl: 'returnUrl' in body ? body.returnUrl : undefined,
      callInitiator: phoneOrder ? body.callInitiator : undefined,
    });
    if ('alreadyInProgress' in made) return refuse(c, 'alreadyInProgress');
    const { orderRef, start } = made.order;
    return c.json(start ? { orderRef, ...start } : { orderRef });
  };

  app.all('/rp/*', async (c) => {
    // On a socket the TLS handshake has checked the client certificate; plain HTTP never reaches the API.
    if (requestTransport(c) === 'http') return refuse(c, 'unauthorized', 'The RP API takes requests over TLS with a client certificate only');
    const path = c.req.path;
    const endpoint = path.startsWith(`${RP_API_BASE}/`) ? path.slice(RP_API_BASE.length + 1) : '';
    if (!Object.hasOwn(SCHEMAS, endpoint)) return refuse(c, 'notFound');
    if (c.req.method !== 'POST') return refuse(c, 'methodNotAllowed');
    if (c.req.header('content-type')?.trim().toLowerCase() !== 'application/json') return refuse(c, 'unsupportedMediaType');
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      return refuse(c, 'invalidParameters', 'Invalid JSON in request body');
    }
    const parsed = SCHEMAS[endpoint as Endpoint].safeParse(json);
    if (!parsed.success) return refuse(c, 'invalidParameters', invalid(parsed.error));
    const body = parsed.data;

    if (endpoint === 'collect' || endpoint === 'cancel') {
      const { orderRef } = body as z.output<typeof ref>;
      const answer = endpoint === 'collect' ? orders.collect(orderRef) : orders.cancel(orderRef);
      if (!answer.ok) return refuse(c, 'invalidParameters', answer.details);
      return c.json('body' in answer ? answer.body : {});
    }
    return create(c, endpoint as OrderKind, body as z.output<(typeof SCHEMAS)[OrderKind]>);
  });
}
