// Yoti IDV's part of the contract: Yoti's user view in an iframe inside the widget, for this
// attempt's session. Its messages (SUCCESS, ERROR with a code) only steer the widget; the verdict
// and the identity profile are read from Yoti by the BFF.
import { z } from 'zod';
import { httpUrl } from './shared.js';

export const YotiClientSchema = z.object({
  provider_key: z.literal('yoti'),
  flow: z.literal('embedded_sdk'),
  iframe_url: httpUrl.describe("Yoti's user view for this attempt's session (…/web/index.html?sessionID=…&sessionToken=…)."),
  origin: httpUrl.describe("The user view's origin: the only one whose messages the widget takes."),
});
export type YotiClient = z.infer<typeof YotiClientSchema>;

export const YotiResultSchema = z.object({
  provider_key: z.literal('yoti'),
  session_state: z.string().describe("Yoti's session state: COMPLETED, EXPIRED, …"),
  identity_profile: z
    .object({
      result: z.string().describe('DONE or FAIL.'),
      trust_framework: z.string().nullable().describe('UK_TFIDA or YOTI_GLOBAL, as asked.'),
      scheme: z.string().nullable().describe('RTW, RTR, DBS, IDENTITY, …, as asked.'),
      failure_reason: z.string().nullable().describe("Yoti's reason code when the profile was not met."),
    })
    .nullable(),
  checks: z.array(z.object({ type: z.string(), recommendation: z.string().nullable() })).describe("Each check's type and Yoti's recommendation (APPROVE, REJECT, NOT_AVAILABLE); no personal data."),
});
export type YotiResult = z.infer<typeof YotiResultSchema>;
