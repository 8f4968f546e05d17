// An esbuild plugin for scripts/bundle.js: the bundle's copy of arborist's load-actual.js looks up
// folder names in a Set instead of an array.
//
// After walking node_modules, `loadActual()` checks every dependency that is not a child of its
// dependant (in a hoisted tree: nearly all of them) against the listing of the node_modules folder
// it would resolve from, with `entries.includes(name)`: at 50,000 packages, 150,000 linear scans of
// a 50,000-name array, about 20 s. The listings are cached per folder and never changed afterwards,
// so a Set answers the same. Arborist's other quadratic step (re-resolving named edges) is replaced
// at run time, where the tests see it too: src/walk/arborist/named-edge-index.ts. This one sits in a
// private method, out of reach at run time. The build fails if arborist's source no longer has
// these exact lines.
import { readFileSync } from 'node:fs';

const REPLACEMENTS = [
  ['            nmContents.set(p, entries)\n', '            entries = new Set(entries)\n            nmContents.set(p, entries)\n'],
  ['          if (!entries.includes(name)) {\n', '          if (!entries.has(name)) {\n'],
];

export const indexFolderListings = {
  name: 'index-folder-listings',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]@npmcli[\\/]arborist[\\/]lib[\\/]arborist[\\/]load-actual\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      for (const [from, to] of REPLACEMENTS) {
        if (source.split(from).length !== 2) throw new Error(`${args.path}: missing-edge lookup changed; update scripts/arborist-scale-patch.js`);
        source = source.replace(from, to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};
