#!/usr/bin/env node
// Builds dist/: the CLI and the text-index builder as ES module bundles, dependencies included.
//
// One bundle instead of ~700 separate modules is about 110 ms less at every start (module
// resolution, file reads and compilation), which on a small tree is most of licit's own time.
// Commands stay separate chunks, loaded on demand. Type-checking is `npm run typecheck` (tsc);
// esbuild only strips the types.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { STAMP_FILE, sourceHash } from './build-stamp.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { indexFolderListings } from './arborist-scale-patch.js';
import { validateRules } from './validate-rules.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(repo, 'dist');

// licit reads rules/ without checking it at run time (src/knowledge): a build from data its schemas reject is refused.
const rulesProblems = validateRules();
if (rulesProblems.length > 0) throw new Error(`rules/ does not match rules/schema/:\n${rulesProblems.join('\n')}`);

// The bundled CommonJS dependencies expect `require`, `__filename` and `__dirname`. `__dirname`
// points into a directory that does not exist, so arborist's "am I being run from my own
// checkout?" debug test can never match the user's working directory.
const banner = [
  "import { createRequire as __licitCreateRequire } from 'node:module';",
  "import { fileURLToPath as __licitFileURLToPath } from 'node:url';",
  'const require = __licitCreateRequire(import.meta.url);',
  'const __filename = __licitFileURLToPath(import.meta.url);',
  "const __dirname = __licitFileURLToPath(new URL('./bundled/', import.meta.url));",
].join('\n');

// Dependencies of arborist that a scan never calls (registry fetching, lifecycle scripts, the
// cache), with everything they pull in (sigstore, TUF, HTTP agents…): arborist requires them at
// load time, which would cost every start the compilation and evaluation of about a megabyte of
// code. They are left out of the bundle; arborist gets a proxy that loads the real module from
// node_modules (where npm put it for arborist) on first use, so `check` and anything else that
// uses them behave exactly as before. Where arborist destructures a function at load time
// (`const { pickRegistry } = require('npm-registry-fetch')`), the proxy hands out a forwarder,
// and the build checks that each such member really is a function.
const LOAD_ON_FIRST_USE = {
  pacote: [],
  '@npmcli/run-script': [],
  '@npmcli/metavuln-calculator': [],
  cacache: [],
  'bin-links': ['getPaths'],
  'npm-registry-fetch': ['pickRegistry'],
};

const arboristRequire = createRequire(createRequire(import.meta.url).resolve('@npmcli/arborist'));
for (const [name, functions] of Object.entries(LOAD_ON_FIRST_USE)) {
  const module = arboristRequire(name);
  for (const member of functions) {
    if (typeof module[member] !== 'function') throw new Error(`${name}.${member} is not a function: update LOAD_ON_FIRST_USE`);
  }
}

const loadOnFirstUse = {
  name: 'load-on-first-use',
  setup(pluginBuild) {
    const names = Object.keys(LOAD_ON_FIRST_USE);
    const filter = new RegExp(`^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    pluginBuild.onResolve({ filter }, (args) =>
      args.kind === 'require-call' && args.importer.includes('/node_modules/') ? { path: args.path, namespace: 'load-on-first-use' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'load-on-first-use' }, (args) => ({
      contents: [
        "const { createRequire } = require('node:module');",
        `const forwarded = new Set(${JSON.stringify(LOAD_ON_FIRST_USE[args.path])});`,
        'let real;',
        `const load = () => (real ??= createRequire(require.resolve('@npmcli/arborist'))(${JSON.stringify(args.path)}));`,
        'module.exports = new Proxy(function () {}, {',
        '  get: (_, key) => (real === undefined && forwarded.has(key) ? (...args) => load()[key](...args) : load()[key]),',
        '  has: (_, key) => key in load(),',
        '  apply: (_, self, args) => Reflect.apply(load(), self, args),',
        '  construct: (_, args) => Reflect.construct(load(), args),',
        '});',
      ].join('\n'),
    }));
  },
};

// Arborist keys each node's children by `name.normalize('NFKD').toLowerCase()` (file systems may be
// case-insensitive and Unicode-normalising) on every lookup, and it looks children up constantly
// while placing nodes: on documenso, ICU's normalize alone took about 200 ms of a 1.3 s
// loadVirtual(). The result depends on the string only, so the bundle's copy remembers it. The
// build fails if arborist's source no longer has that exact line.
const CASE_INSENSITIVE_KEY = "return key.normalize('NFKD').toLowerCase()";
const rememberCaseInsensitiveKeys = {
  name: 'remember-case-insensitive-keys',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]@npmcli[\\/]arborist[\\/]lib[\\/]case-insensitive-map\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.split(CASE_INSENSITIVE_KEY).length !== 2) throw new Error(`${args.path}: key normalisation changed; update rememberCaseInsensitiveKeys`);
      const remembered = [
        'let normalised = normalisedKeys.get(key)',
        '    if (normalised === undefined) {',
        "      normalised = key.normalize('NFKD').toLowerCase()",
        '      normalisedKeys.set(key, normalised)',
        '    }',
        '    return normalised',
      ].join('\n');
      return { contents: `const normalisedKeys = new Map()\n${source.replace(CASE_INSENSITIVE_KEY, remembered)}`, loader: 'js' };
    });
  },
};

// `import('pkg')` of a CommonJS package, as Node runs it, yields the names Node's CJS lexer finds
// (`parse`, `stringify`…) beside `default`. esbuild, splitting chunks, makes the package a chunk
// that exports only `default`: `(await import('yaml')).parse` was undefined in dist/ and defined
// under the tests, which import the sources. For each dynamic import of a CommonJS package from
// licit's own code, the bundle gets a small module exporting exactly the names Node gives (read by
// importing the package here, under Node), so the sources and the bundle see the same module.
const isCommonJs = (file) => {
  if (file.endsWith('.cjs')) return true;
  if (file.endsWith('.mjs') || !file.endsWith('.js')) return false;
  for (let directory = dirname(file); directory !== dirname(directory); directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type !== 'module';
  }
  return true;
};
const nodeDynamicImports = {
  name: 'node-dynamic-imports',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.importer.includes('/node_modules/') || args.pluginData === 'real') return undefined;
      const real = await pluginBuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'real' });
      if (real.errors.length > 0 || real.external || !isCommonJs(real.path)) return undefined;
      return { path: real.path, namespace: 'node-dynamic-import' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'node-dynamic-import' }, async (args) => {
      const names = Object.keys(await import(pathToFileURL(args.path).href)).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      return {
        contents: [
          `const real = require(${JSON.stringify(args.path)});`,
          'export default real;',
          ...names.map((name, index) => `const name${index} = real[${JSON.stringify(name)}];\nexport { name${index} as ${name} };`),
        ].join('\n'),
        resolveDir: dirname(args.path),
        loader: 'js',
      };
    });
  },
};

// Hashed before building, so a source edited during the build leaves dist/ stale, not stamped fresh.
const builtFrom = sourceHash(repo);
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: repo,
  entryPoints: {
    main: 'src/cli/main.ts',
    'prefetch-worker': 'src/walk/prefetch/worker.ts',
    'build-index': 'src/licenses/text/build-index.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: banner },
  legalComments: 'none',
  // Linked maps without the sources' text: `--debug` traces name src/ files and lines (bin/licit.js).
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [loadOnFirstUse, rememberCaseInsensitiveKeys, nodeDynamicImports, indexFolderListings],
  external: [
    // Resolved at run time only when a lifecycle script runs, which licit never does.
    'node-gyp/bin/node-gyp.js',
    // A UMD build whose inner require() calls esbuild cannot follow; loaded from node_modules.
    'jsonc-parser',
  ],
});

// The bundles hold copies of the production dependencies, so their notices ship beside them,
// written by licit itself from the installed tree.
execFileSync(process.execPath, [join(repo, 'bin', 'licit.js'), 'notice', repo, '--quiet', '-o', join(outdir, 'THIRD-PARTY-NOTICES.md')], { stdio: 'inherit' });

// Written last: a build that stopped half-way has no stamp, and the tests rebuild it.
writeFileSync(join(outdir, STAMP_FILE), `${JSON.stringify({ sourceHash: builtFrom }, null, 2)}\n`);
