// Shared setup for the flow's tests: a started flow over the in-memory BFF, with its events.
import { expect } from 'vitest';
import type { WidgetSession } from '@identity-verify/contract/schemas';
import type { FakeBff } from './fake-api.js';
import { Flow, type FlowOptions } from './machine.js';
import type { FlowState } from './types.js';

export const accepted = [{ notice: 'privacy_notice' as const, version: '2026-11', decision: 'accepted' as const }];
export const ready: Partial<WidgetSession> = { consents: accepted, country_of_residence: 'SE' };

/** Lets every pending promise chain of the fake BFF run to its end. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

export async function started(bff: FakeBff, options: Partial<FlowOptions> = {}) {
  const events: Array<{ name: string; detail: Record<string, unknown> }> = [];
  const flow = new Flow({ api: bff, emit: (name, detail) => events.push({ name, detail: { ...detail } }), ...options });
  flow.send({ type: 'start' });
  await flush();
  const named = (name: string) => events.filter((e) => e.name === name).map((e) => e.detail);
  return { flow, events, named };
}

export function expectStep<S extends FlowState['step']>(flow: Flow, step: S): Extract<FlowState, { step: S }> {
  expect(flow.state.step).toBe(step);
  return flow.state as Extract<FlowState, { step: S }>;
}

export const consent = (decision: 'accepted' | 'declined') =>
  ({ type: 'consent', decision, version: '2026-11', locale: 'en', text: 'Acme uses identity-verify ...' }) as const;
