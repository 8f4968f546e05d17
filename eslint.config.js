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
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "BinaryExpression[operator='in'][left.type!='Literal']",
        message: '`in` walks the prototype chain: use Object.hasOwn(object, key) or a Map for keys that come from outside',
      }],
    },
  },
  ...boundary('model', []),
  ...boundary('licenses', ['model']),
  ...boundary('walk', ['model', 'licenses']),
  ...boundary('policy', ['model', 'licenses']),
  ...boundary('sbom', ['model']),
  ...boundary('report', ['model']),
  ...boundary('registry', ['model']),
);
