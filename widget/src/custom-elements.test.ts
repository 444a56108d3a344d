// The package as a server and a tool see it: importing the element in Node (as SSR does, through
// Lit's Node build) defines it without a DOM, and custom-elements.json, the manifest editors and
// framework tooling read, names every attribute the element observes and every event it sends.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WIDGET_EVENT_NAMES } from '@identity-verify/contract/events';
import { afterAll, describe, expect, it } from 'vitest';

const WIDGET = fileURLToPath(new URL('..', import.meta.url));
const MANIFEST_FILE = join(WIDGET, 'custom-elements.json');

interface Manifest {
  modules: Array<{
    declarations?: Array<{
      tagName?: string;
      summary?: string;
      attributes?: Array<{ name: string; fieldName?: string }>;
      events?: Array<{ name: string }>;
      cssParts?: Array<{ name: string }>;
      cssProperties?: Array<{ name: string }>;
    }>;
  }>;
}

const committed = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Manifest;
const element = committed.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'identity-verify');

describe('importing the element in Node', () => {
  it('defines it without touching a DOM', async () => {
    const { IdentityVerifyElement } = await import('./identity-verify.js');
    expect(typeof document).toBe('undefined');
    expect(typeof window).toBe('undefined');
    // Lit's Node build registers into @lit-labs/ssr-dom-shim's registry, which SSR renderers read.
    expect(customElements.get('identity-verify')).toBe(IdentityVerifyElement);
  });
});

describe('custom-elements.json', () => {
  it('describes <identity-verify> with its summary, parts and custom properties', () => {
    expect(element?.summary).toMatch(/^Verifies a person/);
    expect(element?.cssParts?.map((p) => p.name)).toEqual(expect.arrayContaining(['base', 'button', 'status']));
    expect(element?.cssProperties?.map((p) => p.name)).toEqual(expect.arrayContaining(['--identity-verify-color-accent']));
  });

  it('lists every attribute the element observes, and no internal state', async () => {
    const { IdentityVerifyElement } = await import('./identity-verify.js');
    const observed = IdentityVerifyElement.observedAttributes;
    const listed = element?.attributes?.map((a) => a.name) ?? [];
    expect(observed.length).toBeGreaterThan(5);
    expect(listed).toEqual(expect.arrayContaining(observed));
    // An attribute the manifest ties to a property is one the element observes (nonce is the
    // platform's own attribute, documented without a Lit property).
    const tied = element?.attributes?.filter((a) => a.fieldName).map((a) => a.name) ?? [];
    expect(observed).toEqual(expect.arrayContaining(tied));
    expect(listed.filter((name) => name.startsWith('_'))).toEqual([]);
  });

  it('lists every event of the contract, and only those', () => {
    expect(element?.events?.map((e) => e.name).sort()).toEqual([...WIDGET_EVENT_NAMES].sort());
  });

  describe('as committed', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'idv-manifest-'));
    afterAll(() => rmSync(outdir, { recursive: true, force: true }));

    it('is what the analyzer makes of the source now (else run `npm run manifest -w @identity-verify/widget`)', () => {
      // The analyzer joins --outdir to its working directory, so it is given as a relative path.
      const args = ['cem', 'analyze', '--config', 'scripts/manifest.config.mjs', '--outdir', relative(WIDGET, outdir), '--quiet'];
      execFileSync('npx', args, { cwd: WIDGET, stdio: 'pipe' });
      const fresh = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8')) as Manifest;
      expect(committed).toEqual(fresh);
    });
  });
});
