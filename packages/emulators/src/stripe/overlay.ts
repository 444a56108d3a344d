// What Stripe's API gained after the vendored OpenAPI subset (API 2023-08-16), declared once so the
// emulator and its contract tests agree on it. Every entry is additive (no existing field is
// loosened; a test checks that) and comes from stripe-node v23's generated types
// (resources/Identity/VerificationSessions.d.ts, VerificationReports.d.ts, API 2026-10-28) or
// Stripe's own 2026 fixtures (spec/stripe-fixtures-identity.json).
import type { JsonSchema } from './openapi.js';

const text: JsonSchema = { type: 'string', maxLength: 5000 };
const nullableText: JsonSchema = { type: 'string', maxLength: 5000, nullable: true };
const sex: JsonSchema = { type: 'string', nullable: true, enum: ['[redacted]', 'female', 'male', 'unknown'] };
const providedDetails: JsonSchema = {
  type: 'object',
  properties: { email: text, phone: text },
  title: 'provided_details',
};
const relatedPerson: JsonSchema = {
  type: 'object',
  properties: { account: text, person: text },
  required: ['account', 'person'],
  title: 'related_person',
};

/** New properties of response schemas, by component schema name. */
export const RESPONSE_ADDITIONS: Readonly<Record<string, Readonly<Record<string, JsonSchema>>>> = {
  'identity.verification_session': {
    client_reference_id: nullableText,
    provided_details: { ...providedDetails, nullable: true },
    related_customer: nullableText,
    related_customer_account: nullableText,
    related_person: relatedPerson,
    verification_flow: text,
  },
  gelato_verified_outputs: {
    email: nullableText,
    phone: nullableText,
    sex,
    unparsed_place_of_birth: nullableText,
    unparsed_sex: nullableText,
  },
  gelato_document_report: {
    sex,
    unparsed_place_of_birth: nullableText,
    unparsed_sex: nullableText,
  },
  'identity.verification_report': {
    client_reference_id: nullableText,
    verification_flow: text,
  },
};

/** New request parameters, by "METHOD path" as the spec writes paths. */
export const PARAMETER_ADDITIONS: Readonly<Record<string, Readonly<Record<string, JsonSchema>>>> = {
  'POST /v1/identity/verification_sessions': {
    client_reference_id: text,
    provided_details: providedDetails,
    related_customer: text,
    related_customer_account: text,
    related_person: relatedPerson,
    verification_flow: text,
  },
  'POST /v1/identity/verification_sessions/{session}': { provided_details: providedDetails },
  'GET /v1/identity/verification_sessions': {
    client_reference_id: text,
    related_customer: text,
    related_customer_account: text,
  },
  'GET /v1/identity/verification_reports': { client_reference_id: text },
};

/**
 * Parameters the newer API no longer requires: `type` may be left out when `verification_flow`
 * names a Dashboard flow instead (the create handler enforces "one of the two").
 */
export const NO_LONGER_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  'POST /v1/identity/verification_sessions': ['type'],
};
