// Test-only crash points: where a kill -9 test stops the process at an exact boundary of a
// request (after the provider answered and before our write; after our write and before our
// answer). Armed only by the resilience suite's replica entry, from IDV_TEST_CRASH_AT, which the
// config refuses without IDV_TEST_CONTROLS (and so in production); unarmed, a call is a no-op.

// after_ending_write: a request that ended attempts (a cancel, a move to another country) has
// written it and not yet ended them at their providers.
export const CRASH_POINTS = ['after_provider_call', 'after_write', 'after_ending_write'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

let armed: CrashPoint | null = null;

export function armCrashPoint(point: CrashPoint | null): void {
  armed = point;
}

/** Kills this process outright, as kill -9 would (no handler, no flush), when `point` is armed. */
export function crashPoint(point: CrashPoint): void {
  if (armed === point) process.kill(process.pid, 'SIGKILL');
}
