// Runs the emulators standalone: `npx tsx packages/emulators/src/cli.ts [--host H] [--providers a,b]
// [--port-<name> N]`; prints each base URL and the settings the BFF needs, stops on Ctrl-C.
import { parseArgs } from 'node:util';
import { EMULATOR_NAMES, startEmulators, type EmulatorName } from './runner.js';
import { turnstileBffEnv } from './turnstile/app.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    providers: { type: 'string' },
    ...Object.fromEntries(EMULATOR_NAMES.map((n) => [`port-${n}`, { type: 'string' as const }])),
  },
});

const providers = (values.providers?.split(',').map((s) => s.trim()) ?? [...EMULATOR_NAMES]) as EmulatorName[];
const ports = Object.fromEntries(
  EMULATOR_NAMES.flatMap((n) => {
    const raw = (values as Record<string, string | undefined>)[`port-${n}`];
    return raw ? [[n, Number(raw)]] : [];
  }),
) as Partial<Record<EmulatorName, number>>;

const running = await startEmulators({ host: values.host, providers, ports });
for (const [name, url] of Object.entries(running.urls)) console.log(`${name.padEnd(12)} ${url}  (controls: ${url}/__emulator__)`);
if ('turnstile' in running.urls) {
  // The emulator's own key pair is a public fixture that only this emulator accepts.
  console.log('\nBFF settings for the Turnstile emulator:');
  for (const [k, v] of Object.entries(turnstileBffEnv(running.urls.turnstile))) console.log(`${k}=${v}`);
}

const shutdown = () => {
  void running.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
