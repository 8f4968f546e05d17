import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const boundary = (from, allowed) => {
  const outside = (prefix) => (allowed.length ? `^${prefix}(?!(${allowed.join('|')})/)` : `^${prefix}`);
  const rule = (regex) => ({
    'no-restricted-imports': ['error', {
      patterns: [{ regex, message: `src/${from} may import only from: ${allowed.join(', ') || 'itself'} (STYLE.md boundaries)` }],
    }],
  });
  return [
    { files: [`src/${from}/*.ts`], rules: rule(outside('\\.\\./')) },
    { files: [`src/${from}/*/**/*.ts`], rules: rule(outside('\\.\\./\\.\\./')) },
  ];
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

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'coverage/**', '.bench-cache/**'] },
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
  ...boundary('model', []),
  ...boundary('knowledge', ['model']),
  ...boundary('licenses', ['model', 'knowledge']),
  ...boundary('walk', ['model', 'licenses', 'knowledge']),
  ...boundary('policy', ['model', 'licenses', 'knowledge']),
  ...boundary('sbom', ['model']),
  ...boundary('report', ['model']),
  ...boundary('registry', ['model']),
);
