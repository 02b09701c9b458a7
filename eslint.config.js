// ESLint (flat config): JavaScript's recommended rules plus typescript-eslint's, on the app,
// its tests, the e2e specs and the scripts. Layer boundaries and import cycles are checked by
// dependency-cruiser (.dependency-cruiser.cjs), which `npm run lint` runs after this.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist*/**', 'node_modules/**', 'public/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
    },
    rules: {
      // A leading underscore marks a parameter a callback's signature requires but this one ignores.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The wire types: every layer imports them, so they must carry no code (see .dependency-cruiser.cjs).
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Program > :not(ImportDeclaration, ExportAllDeclaration, ExportNamedDeclaration, TSInterfaceDeclaration, TSTypeAliasDeclaration)',
          message: 'src/protocol holds types only.',
        },
        {
          selector: "ExportNamedDeclaration[exportKind='value'], ExportAllDeclaration[exportKind='value']",
          message: 'src/protocol holds types only.',
        },
      ],
    },
  },
  {
    // The specs read JSON they just downloaded (manifests, metadata) and check its shape themselves.
    files: ['e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
