// `.data/stack.env`: the settings `npm start` gave the BFF for the emulators, written so a developer
// can run a BFF of their own (in a debugger, say) against the same running emulators.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const STACK_ENV_FILE = 'stack.env';

// Plain values stay bare; anything else is single-quoted, which Node's env-file parser (and a
// shell) reads literally. It has no escape for a single quote inside, so such a value is refused.
const BARE = /^[\w.:/?=,&@%+~-]*$/;

function line(key: string, value: string): string {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) throw new TypeError(`stack.env: ${JSON.stringify(key)} is not an environment variable name.`);
  if (/[\r\n]/.test(value)) throw new TypeError(`stack.env: the value of ${key} spans lines.`);
  if (BARE.test(value)) return `${key}=${value}`;
  if (value.includes("'")) throw new TypeError(`stack.env: the value of ${key} holds a single quote, which cannot be quoted.`);
  return `${key}='${value}'`;
}

/** The file's text: a header saying what it is and how to use it, then KEY=value lines. */
export function formatStackEnv(env: Readonly<Record<string, string>>, about: { path: string; bffUrl: string; writtenAt: Date }): string {
  return [
    `# Written by \`npm start\` at ${about.writtenAt.toISOString()}: the settings it gave the BFF for the`,
    '# local provider emulators (their URLs and fixed test credentials, which only the emulators accept)',
    "# and the demo's origin. No API key or PII key: a BFF keeps those in its data dir.",
    '# Valid while that `npm start` runs: the emulators listen on ports picked at start.',
    '#',
    '# To run a BFF of your own against the same emulators, from the repository root, with npm start running:',
    `#   PORT=8788 npx tsx --env-file=${about.path} bff/src/main.ts`,
    '# With the same IDV_DATA_DIR it shares the local API key and database with the stack\'s BFF;',
    `# the emulators still send their webhooks to the stack's BFF (${about.bffUrl}).`,
    ...Object.entries(env).map(([key, value]) => line(key, value)),
    '',
  ].join('\n');
}

/** Writes `<dataDir>/stack.env` (owner-only, like the data dir's other files) and returns its path as shown. */
export function writeStackEnv(dataDir: string, env: Readonly<Record<string, string>>, bffUrl: string, now = new Date()): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, STACK_ENV_FILE);
  const shown = relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
  writeFileSync(file, formatStackEnv(env, { path: shown, bffUrl, writtenAt: now }), { mode: 0o600 });
  chmodSync(file, 0o600);
  return shown;
}
