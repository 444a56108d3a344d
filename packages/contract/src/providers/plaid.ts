// Plaid Identity Verification's part of the contract: Plaid Link opened over the page (its
// script loaded from Plaid's CDN, or the emulator locally) with a link token made for this
// attempt. Link's callbacks only say the person finished; the verdict is read from Plaid by the BFF.
import { z } from 'zod';
import { httpUrl } from './shared.js';

export const PlaidClientSchema = z.object({
  provider_key: z.literal('plaid'),
  flow: z.literal('sdk_modal'),
  link_token: z.string().min(1).max(200).describe('The link token for this attempt (link-…), for Plaid.create({ token }). Short-lived, single-use at Plaid.'),
  link_script_url: httpUrl.describe("Where to load Plaid Link's link-initialize.js from."),
});
export type PlaidClient = z.infer<typeof PlaidClientSchema>;

/** Plaid's step names, in the order a template runs them. */
export const PLAID_STEPS = ['accept_tos', 'verify_sms', 'kyc_check', 'documentary_verification', 'selfie_check', 'watchlist_screening', 'risk_check'] as const;

export const PlaidResultSchema = z.object({
  provider_key: z.literal('plaid'),
  identity_verification_id: z.string().describe("Plaid's identity verification (idv_…) the verdict was read from."),
  status: z.string().describe("Plaid's status: success, failed, pending_review, expired, canceled, active."),
  steps: z
    .record(z.enum(PLAID_STEPS), z.string().nullable())
    .describe("Each step's status as Plaid reported it (success, failed, skipped, not_applicable, …); no personal data."),
});
export type PlaidResult = z.infer<typeof PlaidResultSchema>;
