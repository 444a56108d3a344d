// Runs the reconciler on an interval for the life of a server: one pass at a time (a slow
// provider never stacks passes), each failure logged and the next pass tried as usual.
import type { Logger } from '../log.js';

export function runEvery(intervalMs: number, pass: () => Promise<unknown>, log: Logger): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = pass()
      .then(
        () => undefined,
        (error: unknown) => log({ level: 'error', msg: 'background pass failed', error: error instanceof Error ? error.name : 'unknown' }),
      )
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
