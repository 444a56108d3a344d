// Prometheus metrics of one BFF app, in a registry of its own (several apps in one test process
// do not share counters): request latency by route pattern, provider calls by provider and
// operation, webhook outcomes, and open attempts read from the store when scraped. Labels are
// patterns, keys and codes only, so their number stays bounded and nothing of a person is in them.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProviderCallRecord } from '../providers/http.js';

export type WebhookOutcome = 'processed' | 'duplicate' | 'failed' | 'signature_invalid';

export interface OpenAttemptCount {
  provider: string;
  status: string;
  count: number;
}

export interface Metrics {
  readonly registry: Registry;
  /** One answered request: its route pattern (never the raw path), method and status. */
  request(route: string, method: string, status: number, seconds: number): void;
  /** One HTTP request to a provider (providers/http.ts observedFetch reports these). */
  providerCall(record: ProviderCallRecord): void;
  webhook(provider: string, outcome: WebhookOutcome): void;
  /** Where the open-attempts gauge reads from on each scrape. */
  countOpenAttemptsWith(source: () => Promise<OpenAttemptCount[]>): void;
}

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Node's own (heap, event loop lag, handles): for a real server, not for each test app.
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'idv_' });

  const requests = new Histogram({
    name: 'idv_http_request_duration_seconds',
    help: 'Requests answered by the BFF, by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const providerCalls = new Histogram({
    name: 'idv_provider_request_duration_seconds',
    help: 'HTTP requests to providers until their answer arrived, by provider, operation and result.',
    labelNames: ['provider', 'operation', 'result'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const providerErrors = new Counter({
    name: 'idv_provider_errors_total',
    help: 'Requests to providers that failed (no answer, a timeout, a 4xx other than 404, 429 or 5xx), by provider, operation and result.',
    labelNames: ['provider', 'operation', 'result'] as const,
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'idv_webhooks_total',
    help: 'Provider webhooks received, by provider and outcome (processed, duplicate, failed, signature_invalid).',
    labelNames: ['provider', 'outcome'] as const,
    registers: [registry],
  });

  let openAttemptsSource: (() => Promise<OpenAttemptCount[]>) | null = null;
  new Gauge({
    name: 'idv_open_attempts',
    help: 'Attempts open at a provider (pending or submitted), by provider and status, read from the store when scraped.',
    labelNames: ['provider', 'status'] as const,
    registers: [registry],
    async collect() {
      if (!openAttemptsSource) return;
      this.reset(); // a provider whose last open attempt closed reads 0 by disappearing, not by staying stale
      for (const { provider, status, count } of await openAttemptsSource()) this.set({ provider, status }, count);
    },
  });

  return {
    registry,
    request(route, method, status, seconds) {
      requests.observe({ route, method, status_class: statusClass(status) }, seconds);
    },
    providerCall({ provider, operation, result, seconds }) {
      providerCalls.observe({ provider, operation, result }, seconds);
      if (result !== 'ok' && result !== 'not_found') providerErrors.inc({ provider, operation, result });
    },
    webhook(provider, outcome) {
      webhooks.inc({ provider, outcome });
    },
    countOpenAttemptsWith(source) {
      openAttemptsSource = source;
    },
  };
}
