// Onfido's part of the contract: the client its Web SDK runs with (also what Signicat's SDK
// variant hands out, see signicat_onfido.ts), and the verdict the host reads once Onfido decided.
// Our own capture for Onfido is the shared shape in native-capture.ts.
import { z } from 'zod';
import { httpUrl } from './shared.js';

/** The fields of Onfido's SDK client, whoever authorized its token. */
export const onfidoSdkFields = {
  flow: z.literal('embedded_sdk'),
  sdk_token: z.string().describe("Onfido's SDK token for this attempt's applicant, bound to the host page's referrer; expires after 90 minutes."),
  sdk_url: httpUrl.nullable().describe("Where the Onfido loader imports the UI from; null for Onfido's own CDN."),
  face: z.enum(['standard', 'video', 'motion']).nullable().describe("The face step's variant, or null for a document-only check."),
  workflow_run_id: z.string().nullable().describe('Set when the BFF runs an Onfido Studio workflow instead of a check.'),
};

export const OnfidoClientSchema = z.object({
  provider_key: z.literal('onfido'),
  ...onfidoSdkFields,
});

/** One of Onfido's reports: its verdicts and breakdown, never the extracted document fields. */
const OnfidoReportSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  result: z.string().nullable(),
  sub_result: z.string().nullable(),
  breakdown: z.record(z.string(), z.unknown()).describe("Onfido's breakdown as it sent it: verdicts per check, no personal data."),
});

/** What Onfido decided: the check (or Studio workflow run) and its reports. No PII. */
export const OnfidoResultSchema = z.object({
  provider_key: z.literal('onfido'),
  check_id: z.string().nullable(),
  workflow_run_id: z.string().nullable(),
  status: z.string().describe("The check's (or workflow run's) status at Onfido."),
  result: z.string().nullable().describe('clear | consider, or the workflow run status (approved, declined, review, ...).'),
  reports: z.array(OnfidoReportSchema),
});
