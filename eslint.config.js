// Lint: typescript-eslint's recommended rules plus Nx module boundaries, which make a service
// importing another service (or a lib importing a service) an error.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    // Decorator metadata needs runtime imports of decorated parameter types.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:gateway', onlyDependOnLibsWithTags: ['type:lib', 'type:service'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:tickets', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tickets'] },
            { sourceTag: 'scope:residents', onlyDependOnLibsWithTags: ['scope:shared', 'scope:residents'] },
            { sourceTag: 'scope:renovation', onlyDependOnLibsWithTags: ['scope:shared', 'scope:renovation'] },
            { sourceTag: 'scope:parking', onlyDependOnLibsWithTags: ['scope:shared', 'scope:parking'] },
            { sourceTag: 'scope:surveys', onlyDependOnLibsWithTags: ['scope:shared', 'scope:surveys'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'deploy/local/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
