// Plaid's driver UI, a chunk of its own: loads Link as the step shows (so it opens at once on the
// person's click), opens it when asked, and reports what Link said. Link draws its own window over
// the page; the widget shows the step's words and buttons meanwhile.
import type { ClientOf, DriverCallbacks, DriverOptions, MountedDriver } from '../driver.js';
import { endsSession, exitReport, linkProgress, loadLink, type LinkHandler } from './link.js';

type PlaidClient = ClientOf<'plaid'>;

/** When this page last asked for a fresh link token: a second expired one within a minute is an error, not a loop. */
let refreshedAt = -Infinity;
const REFRESH_GUARD_MS = 60_000;
/**
 * Link tokens whose Link flow finished on this page. Opened again, such a token shows the same
 * finished session: "Try again" after a failed try takes a fresh token from the BFF instead (a
 * refresh, which is Plaid's /identity_verification/retry on the same user).
 */
const finished = new Set<string>();

export function mount(_container: HTMLElement, client: PlaidClient, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver {
  let live = true;
  let handler: LinkHandler | null = null;
  // Link's progress is read by event name only (metadata can hold what the person typed).
  let ended = false;

  loadLink(client.link_script_url, options.nonce).then(
    (plaid) => {
      // Not asked yet: the script is loaded and cached; Link is created on the mount that opens it.
      if (!live || !options.launch) return;
      if (finished.has(client.link_token)) return callbacks.refresh(); // mounted again with the new token, Link opens at once
      const finish = () => {
        finished.add(client.link_token);
        callbacks.complete();
      };
      try {
        handler = plaid.create({
          token: client.link_token,
          // Link calls this for Identity Verification even when verification failed: the BFF reads the verdict.
          onSuccess: () => live && finish(),
          onExit: (error) => {
            if (!live) return;
            // Events may arrive only at the end: a session Plaid says has ended is the BFF's to read, not to resume.
            if (!error && ended) return finish();
            const report = exitReport(error);
            if (report.kind === 'leave') return callbacks.leave();
            if (report.kind === 'error') return callbacks.error(report.code);
            if (Date.now() - refreshedAt < REFRESH_GUARD_MS) return callbacks.error('token_expired');
            refreshedAt = Date.now();
            callbacks.refresh(); // mounted again with the new token, Link opens at once
          },
          onEvent: (name, metadata) => {
            const progress = linkProgress(name, metadata);
            if (progress && endsSession(progress)) ended = true;
          },
        });
        handler.open();
      } catch {
        handler = null;
        if (live) callbacks.error('driver_failed'); // Link refused the token or its config
      }
    },
    () => live && callbacks.error('driver_failed'),
  );

  return {
    destroy() {
      live = false;
      if (!handler) return;
      // Link's window over the page goes with the step (removed element, another way chosen).
      handler.exit({ force: true });
      handler.destroy();
      handler = null;
    },
  };
}
