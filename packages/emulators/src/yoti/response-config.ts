// The sandbox response configuration (`PUT /sessions/{id}/response-config`, or app-wide
// `PUT /apps/{sdkId}/response-config`), as @getyoti/sdk-sandbox@1.7.0 builds it: `check_reports`
// keyed by check type, each a list of `{result: {report: {recommendation, breakdown}}}` (or a
// documented `report_template`), and `task_results` for text extraction. Yoti's sandbox answers
// with predefined successes when nothing is configured [D], and for identity profile sessions the
// checks' outcomes decide the profile's [D]: so does this emulator (see ./results.ts).
import { z } from 'zod';

export const RECOMMENDATIONS = ['APPROVE', 'REJECT', 'NOT_AVAILABLE'] as const;
export type RecommendationValue = (typeof RECOMMENDATIONS)[number];

const Recommendation = z.looseObject({
  value: z.enum(RECOMMENDATIONS),
  reason: z.string().optional(),
  recovery_suggestion: z.string().optional(),
});
const Breakdown = z.looseObject({
  sub_check: z.string(),
  result: z.string(),
  details: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
});
const Report = z.looseObject({ recommendation: Recommendation, breakdown: z.array(Breakdown).optional() });
const CheckResult = z.looseObject({ report: Report.optional(), report_template: z.string().optional() });
const DocumentFilter = z.looseObject({ document_types: z.array(z.string()).optional(), country_codes: z.array(z.string()).optional() });
const Check = z.looseObject({ result: CheckResult, document_filter: DocumentFilter.optional(), liveness_type: z.string().optional() });
const TaskResult = z.looseObject({
  document_fields: z.record(z.string(), z.unknown()).optional(),
  recommendation: z.looseObject({ value: z.string(), reason: z.looseObject({ value: z.string() }).optional() }).optional(),
});
const Task = z.looseObject({ result: TaskResult.optional(), result_template: z.string().optional(), document_filter: DocumentFilter.optional() });

export const ResponseConfigSchema = z.looseObject({
  check_reports: z.record(z.string(), z.union([z.array(Check), Check, z.number()])).optional(),
  task_results: z.record(z.string(), z.array(Task)).optional(),
});
export type ResponseConfig = z.output<typeof ResponseConfigSchema>;

export interface ConfiguredReport {
  recommendation: { value: RecommendationValue; reason?: string; recovery_suggestion?: string };
  breakdown: Array<{ sub_check: string; result: string; details: Array<{ name: string; value: string }> }>;
}

// [D] "configure-idp-sandbox-response": SUCCESS approves, TAMPERED rejects, PHOTO_TOO_BLURRY is not
// available; other templates are not mapped here and read as a rejection naming the template [U].
const TEMPLATES: Record<string, ConfiguredReport['recommendation']> = {
  SUCCESS: { value: 'APPROVE' },
  TAMPERED: { value: 'REJECT', reason: 'TAMPERED' },
  PHOTO_TOO_BLURRY: { value: 'NOT_AVAILABLE', reason: 'PHOTO_TOO_BLURRY' },
};

/** The report a check of this type gets: the configured one, else Yoti's default approval. */
export function configuredReport(config: ResponseConfig | undefined, checkType: string): ConfiguredReport {
  const entry = config?.check_reports?.[checkType];
  const first = Array.isArray(entry) ? entry[0] : typeof entry === 'object' ? entry : undefined;
  const result = first?.result;
  if (result?.report) {
    return {
      recommendation: result.report.recommendation,
      breakdown: (result.report.breakdown ?? []).map((b) => ({ sub_check: b.sub_check, result: b.result, details: b.details ?? [] })),
    };
  }
  if (result?.report_template) {
    const recommendation = TEMPLATES[result.report_template] ?? { value: 'REJECT' as const, reason: result.report_template };
    return { recommendation, breakdown: [] };
  }
  return { recommendation: { value: 'APPROVE' }, breakdown: [] };
}

/** Whether text extraction succeeded, and any fields the config put on the document. */
export function configuredExtraction(config: ResponseConfig | undefined): { ok: boolean; reason?: string; fields?: Record<string, unknown> } {
  const first = config?.task_results?.ID_DOCUMENT_TEXT_DATA_EXTRACTION?.[0];
  if (!first) return { ok: true };
  if (first.result_template && first.result_template !== 'SUCCESS') return { ok: false, reason: first.result_template };
  const recommendation = first.result?.recommendation;
  if (recommendation && recommendation.value !== 'PROGRESS') return { ok: false, reason: recommendation.reason?.value ?? recommendation.value };
  return { ok: true, fields: first.result?.document_fields };
}
