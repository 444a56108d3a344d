// `npm start`: runs the emulators, the BFF and the demo together and says where to look.
// `--json` (for the e2e suite): free ports, a throwaway data dir, test controls on, only the
// 127.0.0.1 demo origin allowed, and one JSON line on stdout once every server listens.
// Either way, the settings the BFF got for the emulators go to <data dir>/stack.env.
import { fstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeStackEnv } from './stack-env.js';
import { startStack, type RunningStack } from './stack.js';

const json = process.argv.includes('--json');

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number (0-65535), got ${JSON.stringify(raw)}.`);
  }
  return value;
}

async function main(): Promise<void> {
  const dataDir = json ? mkdtempSync(join(tmpdir(), 'idv-e2e-')) : null;
  let stack: RunningStack;
  try {
    stack = json
      ? await startStack({
          overrides: {
            IDV_DATA_DIR: dataDir!,
            IDV_TEST_CONTROLS: '1',
            // Two browsers hammer one BFF from one address; the limiter has its own tests.
            IDV_RATE_LIMIT_PER_MINUTE: process.env.IDV_RATE_LIMIT_PER_MINUTE || '100000',
          },
        })
      : await startStack({
          demoPort: port('DEMO_PORT', 3000),
          bffPort: port('BFF_PORT', port('PORT', 8787)),
          allowLocalhost: true,
        });
  } catch (error) {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  // Where the BFF keeps its data (it reads IDV_DATA_DIR the same way); none for an in-memory BFF.
  const bffDataDir = dataDir ?? process.env.IDV_DATA_DIR ?? '.data';
  const envFile = bffDataDir === ':memory:' ? null : writeStackEnv(bffDataDir, stack.bffEnv, stack.bffUrl);

  let stoppingSince = 0;
  const stop = (code: number) => {
    // A second Ctrl+C means "now"; but one press reaches us twice (from the terminal and as
    // relayed by npx/tsx), so only a press well after the first one counts.
    if (stoppingSince) {
      if (Date.now() - stoppingSince > 1500) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    stack
      .stop()
      .catch((error: unknown) => {
        console.error(error);
        code = 1;
      })
      .finally(() => {
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
        process.exit(code);
      });
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  if (json) {
    // When the test runner that spawned us dies, its end of our stdin closes: stop with it.
    // (Node's spawn() makes that a socket pair; a shell pipe makes it a FIFO; a TTY is neither.)
    const stdin = fstatSync(0);
    if (stdin.isFIFO() || stdin.isSocket()) {
      process.stdin.resume();
      process.stdin.on('end', () => stop(0));
    }
    const ready = {
      ready: true,
      pid: process.pid,
      demo_url: stack.demoUrl,
      bff_url: stack.bffUrl,
      emulator_urls: stack.emulatorUrls,
      api_key: stack.apiKey,
      server_secrets: stack.serverSecrets,
      allowed_origins: stack.allowedOrigins,
      data_dir: dataDir,
    };
    process.stdout.write(`${JSON.stringify(ready)}\n`);
    return;
  }

  const demoUrl = new URL(stack.demoUrl);
  const friendly = `http://localhost:${demoUrl.port}`;
  const rows: Array<[string, string]> = [
    ['Open the demo:', `${friendly}  (or ${stack.demoUrl})`],
    ['BFF:', `${stack.bffUrl}  (API reference: ${stack.bffUrl}/openapi.json)`],
    ['Local API key:', `${stack.apiKey}${stack.generatedApiKey ? '  (generated once, kept in the data dir)' : ''}`],
    ...stack.emulators.flatMap((e): Array<[string, string]> => [
      [`${e.provider} emulator:`, e.url],
      ...(e.testerPage ? [[`${e.testerPage.label}:`, e.testerPage.url] as [string, string]] : []),
    ]),
    ...(envFile ? [['BFF settings:', `${envFile}  (to run a BFF of your own against these emulators)`] as [string, string]] : []),
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  process.stdout.write(
    [
      '',
      '  identity-verify is running against local provider emulators.',
      '',
      ...rows.map(([label, value]) => `  ${label.padEnd(width)}${value}`),
      '',
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    console.error(`${(error as Error).message}: another program uses that port; set DEMO_PORT or BFF_PORT to another one.`);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
