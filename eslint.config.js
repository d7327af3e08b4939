// Lint: type-aware typescript-eslint, plus the module-boundary rule (CONVENTIONS §1): a module may import
// another module only through its index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const MODULES = ['core', 'text', 'intel', 'sms', 'reports', 'devices', 'monitor', 'sim', 'server', 'cli'];

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

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'bench/results/', 'web/dist/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  ...boundaryRules,
);
