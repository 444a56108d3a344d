// The running stack as the global setup hands it to tests (an environment variable, which
// Playwright passes from the setup to every worker).
export const STACK_ENV = 'IDV_E2E_STACK';

export interface StackInfo {
  demoUrl: string;
  bffUrl: string;
  turnstileUrl: string;
  stripeUrl: string;
  onfidoUrl: string;
  signicatUrl: string;
  /** Every emulator's URL, by its name (bankid, login_gov, …). */
  emulatorUrls: Record<string, string>;
  apiKey: string;
  /** Every secret the servers hold, by name (API key, PII key, provider secrets). */
  serverSecrets: Record<string, string>;
}

/** Parses the CLI's ready line, refusing anything incomplete. */
export function parseReadyLine(line: string): StackInfo | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const v = value as Record<string, unknown> | null;
  const urls = v?.emulator_urls as Record<string, unknown> | undefined;
  if (
    v?.ready !== true ||
    typeof v.demo_url !== 'string' ||
    typeof v.bff_url !== 'string' ||
    typeof urls?.turnstile !== 'string' ||
    typeof urls?.stripe !== 'string' ||
    typeof urls?.onfido !== 'string' ||
    typeof urls?.signicat !== 'string' ||
    typeof v.api_key !== 'string' ||
    typeof v.server_secrets !== 'object' ||
    v.server_secrets === null ||
    !Object.values(v.server_secrets).every((s) => typeof s === 'string' && s.length >= 16) ||
    !Object.values(urls).every((url) => typeof url === 'string')
  ) {
    return null;
  }
  return { demoUrl: v.demo_url, bffUrl: v.bff_url, turnstileUrl: urls.turnstile, stripeUrl: urls.stripe, onfidoUrl: urls.onfido, signicatUrl: urls.signicat, emulatorUrls: urls as Record<string, string>, apiKey: v.api_key, serverSecrets: v.server_secrets as Record<string, string> };
}

export function stackInfo(): StackInfo {
  const raw = process.env[STACK_ENV];
  const info = raw ? parseReadyLine(raw) : null;
  if (!info) throw new Error(`${STACK_ENV} is not set: run the suite through e2e/playwright.config.ts (its global setup starts the stack).`);
  return info;
}
