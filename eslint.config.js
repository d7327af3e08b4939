// Lint: type-aware typescript-eslint, plus the module-boundary rule (CONVENTIONS §1): a module may import
// another module only through its index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const MODULES = ['core', 'text', 'intel', 'sms', 'reports', 'subscribers', 'devices', 'monitor', 'firewall', 'sim', 'server', 'cli'];

const boundaryRules = MODULES.map((self) => ({
  files: [`src/${self}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: MODULES.filter((m) => m !== self).map((other) => ({
          group: [`**/${other}/*`, `!**/${other}/index.js`],
          message: `import the ${other} module only through its index.ts`,
        })),
      },
    ],
  },
}));

// The web pages (web/src) run in the browser and talk to the server only over HTTP: no Node built-ins, no
// server code; the monitor and the console share code only through web/src/shared.
const WEB_PARTS = ['shared', 'monitor', 'console'];
const webRules = WEB_PARTS.map((self) => ({
  files: [`web/src/${self}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['node:*'], message: 'web code runs in the browser' },
          { group: ['**/src/*'], message: 'the pages reach the server only through its HTTP API' },
          ...WEB_PARTS.filter((p) => p !== self && p !== 'shared').map((other) => ({
            group: [`**/${other}/*`],
            message: `share code with the ${other} page through web/src/shared`,
          })),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'bench/results/', 'web/dist/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Fastify handlers and plugins are async by contract even when a body needs no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // node:test's test()/describe() return promises the runner itself awaits.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
      // Tests read untyped JSON responses (inject().json()) and assert on them directly.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
  ...boundaryRules,
  ...webRules,
);
