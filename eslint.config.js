import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import licit from './eslint/no-external-key-index.js';

// Folder boundaries (STYLE.md): each folder of src/ imports only the folders listed for it. The pipeline is
// the composition of the stages; cli/ may import everything. Dynamic `import()` is not checked by this rule.
const FOLDERS = {
  model: [],
  knowledge: ['model'],
  licenses: ['model', 'knowledge'],
  walk: ['model', 'licenses', 'knowledge'],
  policy: ['model', 'licenses', 'knowledge'],
  sbom: ['model'],
  report: ['model'],
  registry: ['model'],
  pipeline: ['model', 'knowledge', 'licenses', 'walk', 'policy', 'sbom', 'report', 'registry'],
};

// Packages that belong to one stage: the walkers alone read the disk and run arborist and fast-glob.
// Exceptions are named files, each with its reason; rules loading (policy/, licenses/) moves to knowledge/.
const PACKAGES = {
  '@npmcli/arborist': { folders: ['walk'] },
  'fast-glob': { folders: ['walk'] },
  'node:fs': {
    folders: ['walk', 'knowledge', 'cli'],
    files: [
      'src/model/read-bounded.ts', // the one bounded, FIFO-safe file reader every stage uses
      'src/model/package-root.ts', // finds licit's own install directory
      'src/registry/*.ts', // the registry client's cache and the user's npm config files
      'src/licenses/text/identify-file.ts', // `licit identify` reads the files it is given
      'src/licenses/text/source-text.ts', // `licit identify --sources` and `licit audit` read the source files they are given
    ],
  },
};
const prototypeChainIn = {
  selector: "BinaryExpression[operator='in'][left.type!='Literal']",
  message: '`in` walks the prototype chain: use Object.hasOwn(object, key) or a Map for keys that come from outside',
};
// Output order must not depend on the machine's locale: src/model/order.ts has the comparators.
const localeOrder = {
  selector: "CallExpression[callee.property.name='localeCompare']",
  message: 'localeCompare depends on the locale: sort with compareText / byText from src/model/order.ts',
};
const rulesReads = [
  "CallExpression[callee.name='licitFileUrl'] > Literal[value=/^rules\\//]",
  "CallExpression[callee.name='licitFileUrl'] > TemplateLiteral > TemplateElement[value.raw=/^rules\\//]",
].map((selector) => ({ selector, message: 'rules/ is read only by src/knowledge (readRules, readTextIndexFile)' }));

const FS_NAMES = ['node:fs', 'fs', 'node:fs/promises', 'fs/promises'];

/** The import rule for files of `folder` (at `depth` below src/<folder>), allowed `packages` besides its folder's. */
function importRule(folder, depth, allowedPackages) {
  const up = '\\.\\./'.repeat(depth);
  const allowed = FOLDERS[folder];
  const patterns =
    allowed === undefined
      ? []
      : [{ regex: `^${up}(?!(${[...allowed.map((name) => `${name}/`), '\\.\\./package\\.json$'].join('|')}))`, message: `src/${folder} may import only from: ${allowed.join(', ') || 'itself'} (STYLE.md boundaries)` }];
  const paths = Object.entries(PACKAGES)
    .filter(([name]) => !allowedPackages.includes(name))
    .flatMap(([name, { folders }]) =>
      (name === 'node:fs' ? FS_NAMES : [name]).map((path) => ({ name: path, message: `${name} belongs to src/${folders.join(', src/')} (eslint.config.js PACKAGES)` })),
    );
  return { 'no-restricted-imports': ['error', { patterns, paths }] };
}

const packagesFor = (folder) => Object.entries(PACKAGES).filter(([, { folders }]) => folders.includes(folder)).map(([name]) => name);

// src/types/ declares the packages' types for the folders that use them.
const boundaries = [...new Set([...Object.keys(FOLDERS), 'cli', 'knowledge'])].flatMap((folder) => [
  { files: [`src/${folder}/*.ts`], rules: importRule(folder, 1, packagesFor(folder)) },
  { files: [`src/${folder}/*/**/*.ts`], rules: importRule(folder, 2, packagesFor(folder)) },
]);
const exceptions = Object.entries(PACKAGES).flatMap(([name, { files = [] }]) =>
  files.map((file) => {
    const folder = file.split('/')[1];
    const depth = file.split('/').length - 2;
    return { files: [file], rules: importRule(folder, depth, [...packagesFor(folder), name]) };
  }),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'coverage/**', '.bench-cache/**', 'bench/identify-collect/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Keys from package.json files, lockfiles, registries and configs can be "__proto__" or
    // "constructor": membership goes through Object.hasOwn or a Map, never the prototype chain.
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', prototypeChainIn, localeOrder] },
  },
  {
    // src/knowledge is the only reader of rules/.
    files: ['src/**/*.ts'],
    ignores: ['src/knowledge/**'],
    rules: { 'no-restricted-syntax': ['error', prototypeChainIn, localeOrder, ...rulesReads] },
  },
  {
    // Type-aware: a plain object indexed with a `string` key (eslint/no-external-key-index.js).
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { licit },
    rules: { 'licit/no-external-key-index': 'error' },
  },
  ...boundaries,
  ...exceptions,
);
