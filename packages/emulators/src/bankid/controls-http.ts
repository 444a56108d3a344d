// The BankID controls over HTTP under /__emulator__/bankid/, for tests in another process (e2e):
// act as the app, read an order, end it or show a hint code, read the RP's test certificate.
import type { Hono } from 'hono';
import { z } from 'zod';
import { CONTROL_PREFIX, controlError, parseControlBody } from '../shared/kit.js';
import type { BankIdControls } from './app.js';
import { APP_ACTIONS } from './phone.js';

export const BANKID_CONTROL = `${CONTROL_PREFIX}/bankid`;

const Choice = { person: z.string().min(1).max(64).optional(), action: z.enum(APP_ACTIONS).optional() };
const ScanSchema = z.object({ orderRef: z.string().optional(), payload: z.string().optional(), ...Choice }).refine((b) => !!b.orderRef !== !!b.payload, 'Give orderRef or payload.');
const AutostartSchema = z.object({ autoStartToken: z.string().min(1), ...Choice });
const HintSchema = z.object({ hintCode: z.string().min(1).max(64) });
const SetHintSchema = z.object({ hintCode: z.string().min(1).max(64).nullable() });

export function mountBankIdControls(app: Hono, controls: BankIdControls): void {
  const attempt = (run: () => unknown) => {
    try {
      return { ok: true as const, value: run() };
    } catch (error) {
      return { ok: false as const, message: (error as Error).message };
    }
  };

  app.get(BANKID_CONTROL, (c) =>
    c.json({
      controls: [
        `POST ${BANKID_CONTROL}/scan {orderRef | payload, person?, action?: identify|cancel|open}`,
        `POST ${BANKID_CONTROL}/autostart {autoStartToken, person?, action?}`,
        `POST ${BANKID_CONTROL}/orders/:orderRef/call {person?, action?}`,
        `GET ${BANKID_CONTROL}/orders/:orderRef`,
        `POST ${BANKID_CONTROL}/orders/:orderRef/fail {hintCode}`,
        `POST ${BANKID_CONTROL}/orders/:orderRef/hint {hintCode | null}`,
        `GET ${BANKID_CONTROL}/certificates`,
        `POST ${BANKID_CONTROL}/qr-check {payload}: valid for its order and second, without acting`,
      ],
    }),
  );
  app.get(`${BANKID_CONTROL}/certificates`, (c) => c.json(controls.certificates));
  app.get(`${BANKID_CONTROL}/orders/:orderRef`, (c) => {
    const order = controls.order(c.req.param('orderRef'));
    return order ? c.json(order) : controlError(c, 404, 'not_found', 'No such order.');
  });

  const acting = <S extends z.ZodType>(path: string, schema: S, run: (body: z.output<S>, orderRef: string) => unknown) =>
    app.post(path, async (c) => {
      const body = await parseControlBody(c, schema);
      if (body instanceof Response) return body;
      const done = attempt(() => run(body, c.req.param('orderRef') ?? ''));
      return done.ok ? c.json(done.value) : controlError(c, 400, 'app_refused', done.message);
    });
  app.post(`${BANKID_CONTROL}/qr-check`, async (c) => {
    const body = await parseControlBody(c, z.object({ payload: z.string().max(200) }));
    return body instanceof Response ? body : c.json(controls.checkQr(body.payload));
  });
  acting(`${BANKID_CONTROL}/scan`, ScanSchema, (b) => controls.scan((b.orderRef ?? b.payload)!, b));
  acting(`${BANKID_CONTROL}/autostart`, AutostartSchema, (b) => controls.autostart(b.autoStartToken, b));
  acting(`${BANKID_CONTROL}/orders/:orderRef/call`, z.object(Choice), (b, ref) => controls.answerCall(ref, b));
  acting(`${BANKID_CONTROL}/orders/:orderRef/fail`, HintSchema, (b, ref) => controls.fail(ref, b.hintCode));
  acting(`${BANKID_CONTROL}/orders/:orderRef/hint`, SetHintSchema, (b, ref) => controls.setHint(ref, b.hintCode ?? undefined));
}
