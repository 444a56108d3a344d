// stack.env is read back by Node's own --env-file parser exactly as written, header included.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { formatStackEnv, writeStackEnv } from './stack-env.js';

const about = { path: '.data/stack.env', bffUrl: 'http://127.0.0.1:8787', writtenAt: new Date('2026-01-02T03:04:05Z') };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('formatStackEnv', () => {
  it('round-trips through Node’s env-file parser, quoting only what needs it', () => {
    const env = {
      IDV_ALLOWED_ORIGINS: 'http://127.0.0.1:3000,http://localhost:3000',
      TURNSTILE_SCRIPT_URL: 'http://127.0.0.1:41234/turnstile/v0/api.js?render=explicit',
      ODD_VALUE: 'a # not a comment "quoted"',
    };
    const text = formatStackEnv(env, about);
    expect(parseEnv(text)).toEqual(env);
    expect(text).toContain('\nTURNSTILE_SCRIPT_URL=http://127.0.0.1:41234/turnstile/v0/api.js?render=explicit\n');
    expect(text).toContain('#   PORT=8788 npx tsx --env-file=.data/stack.env bff/src/main.ts');
    expect(text).toContain('2026-01-02T03:04:05.000Z');
  });

  it('refuses what it cannot write faithfully: several lines, a bad name, a single quote', () => {
    expect(() => formatStackEnv({ A: 'x\ny' }, about)).toThrow(/spans lines/);
    expect(() => formatStackEnv({ 'not-a-name': 'x' }, about)).toThrow(/not an environment variable name/);
    expect(() => formatStackEnv({ A: "it's" }, about)).toThrow(/single quote/);
  });
});

describe('writeStackEnv', () => {
  it('writes <dataDir>/stack.env for its owner only, creating the dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idv-stack-env-'));
    dirs.push(dir);
    const shown = writeStackEnv(join(dir, 'data'), { STRIPE_API_BASE: 'http://127.0.0.1:1' }, about.bffUrl);
    const file = join(dir, 'data', 'stack.env');
    expect(shown).toBe(file);
    expect(parseEnv(readFileSync(file, 'utf8'))).toEqual({ STRIPE_API_BASE: 'http://127.0.0.1:1' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
