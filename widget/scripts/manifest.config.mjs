// @custom-elements-manifest/analyzer's settings: custom-elements.json (the package's
// `customElements` field) from the element's JSDoc (@summary, @attr, @event, @slot, @csspart,
// @cssproperty) and its Lit properties. Run with `npm run manifest -w @identity-verify/widget`;
// src/custom-elements.test.ts fails while the committed file differs from what this makes.
export default {
  globs: ['src/identity-verify.ts'],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself; the test's run into a temporary folder must not move it.
  packagejson: false,
  plugins: [publicApiOnly()],
};

/**
 * The manifest documents what a host may use: private and protected members (Lit's lifecycle, the
 * element's internals) are left out, and so is Lit's internal reactive state (`state: true`
 * properties, held in private fields), which the analyzer would otherwise list as attributes.
 * A re-exported type (the contract's event details) is no JavaScript export: it goes too.
 */
function publicApiOnly() {
  return {
    name: 'identity-verify:public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        const declared = new Set((mod.declarations ?? []).map((declaration) => declaration.name));
        if (mod.exports) mod.exports = mod.exports.filter((entry) => entry.kind !== 'js' || declared.has(entry.declaration.name));
        for (const declaration of mod.declarations ?? []) {
          const hidden = (member) => member.privacy === 'private' || member.privacy === 'protected';
          const internal = new Set((declaration.members ?? []).filter(hidden).map((member) => member.name));
          if (declaration.members) declaration.members = declaration.members.filter((member) => !hidden(member));
          if (declaration.attributes) declaration.attributes = declaration.attributes.filter((attr) => !internal.has(attr.fieldName));
        }
      }
    },
  };
}
