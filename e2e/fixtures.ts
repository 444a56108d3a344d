// The test fixture every spec uses. It fails a test whose pages request anything off this
// machine, break the CSP, log a console error nobody expected, or receive a server secret.
import { test as base, expect, type BrowserContext, type Response } from '@playwright/test';
import { stackInfo, type StackInfo } from './stack.js';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface Guard {
  /** Declares a console error this test provokes on purpose (e.g. the browser logging a 401). */
  allowConsoleError(pattern: RegExp): void;
  /** Every response the browser received from a URL starting with `prefix`, bodies checked. */
  responsesFrom(prefix: string): Response[];
}

interface Fixtures {
  stack: StackInfo;
  guard: Guard;
}

export const test = base.extend<Fixtures>({
  stack: async ({}, use) => {
    await use(stackInfo());
  },
  guard: [
    async ({ context, stack }, use) => {
      const problems: string[] = [];
      const allowed: RegExp[] = [];
      const responses: Response[] = [];
      const checks: Promise<void>[] = [];

      await blockRemoteHosts(context, problems);
      await reportCspViolations(context, problems);
      context.on('console', (message) => {
        if (message.type() !== 'error') return;
        const text = message.text();
        if (!allowed.some((pattern) => pattern.test(text))) problems.push(`console error: ${text}`);
      });
      context.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
      context.on('response', (response) => {
        responses.push(response);
        checks.push(checkForSecrets(response, stack, problems));
      });

      await use({
        allowConsoleError: (pattern) => allowed.push(pattern),
        responsesFrom: (prefix) => responses.filter((response) => response.url().startsWith(prefix)),
      });

      // A live stream still open (a BankID order the test left pending) ends with its page.
      // Bounded: closing a popup tab in Chromium sometimes never returns; the context closes it after.
      await Promise.all(context.pages().map((page) => Promise.race([page.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))])));
      await Promise.all(checks);
      expect(problems, 'pages of this test misbehaved').toEqual([]);
    },
    { auto: true },
  ],
});

/** Registered before any other route, so it sees every request of every page and frame. */
async function blockRemoteHosts(context: BrowserContext, problems: string[]): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:') && LOCAL_HOSTS.has(url.hostname)) {
      return route.fallback();
    }
    problems.push(`request off this machine: ${url.origin}${url.pathname}`);
    return route.abort('blockedbyclient');
  });
}

/** securitypolicyviolation events, from the page and every frame (also shadow roots: composed). */
async function reportCspViolations(context: BrowserContext, problems: string[]): Promise<void> {
  await context.exposeBinding('__idvCspViolation', (source, report: string) => {
    problems.push(`CSP violation in ${source.frame.url()}: ${report}`);
  });
  await context.addInitScript(() => {
    const target = window as unknown as { __idvCspViolation?: (r: string) => void };
    document.addEventListener(
      'securitypolicyviolation',
      (event) => target.__idvCspViolation?.(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`),
      true,
    );
  });
}

async function checkForSecrets(response: Response, stack: StackInfo, problems: string[]): Promise<void> {
  const secrets = stack.serverSecrets;
  const headers = JSON.stringify(await response.allHeaders().catch(() => ({})));
  // Redirects and aborted loads have no body to read.
  const body = await response.body().then((buffer) => buffer.toString('utf8'), () => '');
  for (const [name, secret] of Object.entries(secrets)) {
    if (headers.includes(secret) || body.includes(secret) || response.url().includes(secret)) {
      problems.push(`${name} reached the browser in ${response.request().method()} ${response.url()}`);
    }
  }
}

export { expect };
