// Runs the emulators standalone: `npx tsx packages/emulators/src/cli.ts [--host H] [--providers a,b]
// [--port-<name> N]`; prints each base URL and the settings a BFF needs for it, stops on Ctrl-C.
import { parseArgs } from 'node:util';
import { EMULATOR_NAMES, startEmulators, type EmulatorName } from './runner.js';
import { wiringContext } from './shared/wiring.js';
import { EMULATOR_WIRINGS } from './wirings.js';

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
const urls: Record<string, string> = running.urls;
for (const wiring of EMULATOR_WIRINGS.filter((w) => w.name in urls)) {
  const url = urls[wiring.name];
  console.log(`${wiring.provider} emulator  ${url}  (controls: ${url}/__emulator__)`);
  // Only the emulators' own test credentials, which only these emulators accept.
  const missing = wiring.needs.filter((n) => !(n in urls));
  if (missing.length) console.log(`  (start ${missing.join(', ')} too for its BFF settings)`);
  else for (const [k, v] of Object.entries(wiring.bffEnv(wiringContext(wiring.name, urls)))) console.log(`  ${k}=${v}`);
}

const shutdown = () => {
  void running.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
