// Structural checks of BFF answers: enough to trust the fields the widget reads, without zod.
import type {
  ActiveAttempt,
  ConsentResponse,
  PendingVerification,
  ProviderCatalogueEntry,
  UploadResponse,
  VerificationResult,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import type { ApiIssue, ErrorCode } from './errors.js';

type Rec = Record<string, unknown>;
export type Guard<T> = (value: unknown) => value is T;

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isString = (value: unknown): value is string => typeof value === 'string';
const strings = (value: Rec, ...keys: string[]): boolean => keys.every((key) => isString(value[key]));
const arrayOf = (value: unknown, item: (v: unknown) => boolean): value is unknown[] =>
  Array.isArray(value) && value.every((v) => item(v));
const nullOr = (value: unknown, item: (v: unknown) => boolean): boolean => value === null || item(value);

const isLastError = (value: unknown): boolean => isRecord(value) && strings(value, 'code');
const isClaim = (value: unknown): value is Rec =>
  isRecord(value) && strings(value, 'type', 'provider_key', 'assurance_level');
const isConsentSummary = (value: unknown): value is Rec =>
  isRecord(value) && strings(value, 'notice', 'version', 'decision');

export function isPendingVerification(value: unknown): value is PendingVerification {
  return isRecord(value) && strings(value, 'session_id', 'provider_key', 'session_ref', 'status');
}

export function isActiveAttempt(value: unknown): value is ActiveAttempt {
  return isPendingVerification(value) && isRecord((value as Rec).client) && strings((value as Rec).client as Rec, 'provider_key', 'flow');
}

export function isWidgetSession(value: unknown): value is WidgetSession {
  return (
    isRecord(value) &&
    strings(value, 'id', 'status', 'expires_at') &&
    isRecord(value.requirements) &&
    strings(value.requirements, 'layer', 'min_assurance') &&
    arrayOf(value.allowed_countries, isString) &&
    nullOr(value.country_of_residence, isString) &&
    nullOr(value.locale, isString) &&
    arrayOf(value.consents, isConsentSummary) &&
    nullOr(value.active_attempt, isActiveAttempt) &&
    arrayOf(value.claims, isClaim) &&
    nullOr(value.last_error, isLastError)
  );
}

export function isProviderEntry(value: unknown): value is ProviderCatalogueEntry {
  return isRecord(value) && strings(value, 'id', 'provider_key', 'name', 'flow', 'assurance_level');
}

export function isProviderList(value: unknown): value is ProviderCatalogueEntry[] {
  return Array.isArray(value) && value.every((v) => isProviderEntry(v));
}

export function isPendingList(value: unknown): value is PendingVerification[] {
  return Array.isArray(value) && value.every((v) => isPendingVerification(v));
}

export function isVerificationResult(value: unknown): value is VerificationResult {
  return (
    isRecord(value) &&
    strings(value, 'session_id', 'status') &&
    arrayOf(value.claims, isClaim) &&
    nullOr(value.last_error, isLastError)
  );
}

export function isUploadResponse(value: unknown): value is UploadResponse {
  return isRecord(value) && strings(value, 'side', 'received_at') && typeof value.bytes === 'number';
}

export function isConsentResponse(value: unknown): value is ConsentResponse {
  return isRecord(value) && strings(value, 'id', 'notice', 'decision', 'session_status');
}

export interface ErrorFields {
  code: ErrorCode;
  message: string;
  requestId?: string;
  issues: ApiIssue[];
}

/** Reads `{error:{code,message,details?,request_id?}}`; null when the body is not that shape. */
export function readErrorBody(value: unknown): ErrorFields | null {
  if (!isRecord(value) || !isRecord(value.error) || !strings(value.error, 'code', 'message')) return null;
  const { code, message, details, request_id } = value.error as Rec & { code: string; message: string };
  const rawIssues = isRecord(details) && Array.isArray(details.issues) ? details.issues : [];
  const issues = rawIssues.filter((i): i is ApiIssue => isRecord(i) && strings(i, 'path', 'message'));
  return { code, message, issues, ...(isString(request_id) ? { requestId: request_id } : {}) };
}
