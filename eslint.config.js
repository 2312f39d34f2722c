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
    // The same boundary without Nx's project graph (an IDE, plain eslint in a fresh clone, where the
    // Nx rule is skipped): a service, a lib or the dev tooling never imports a service; and business
    // refusals go through each service's named error factories (errors.ts), never AppError.conflict.
    files: ['services/**/*.ts', 'libs/**/*.ts', 'deploy/local/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['@pm/*-service', '**/services/*/src/**'],
          message: 'Only the gateway imports services. Refer to another service\'s entities by id (federation) and learn of its changes from events.',
        }],
      }],
    },
  },
  {
    files: ['services/**/*.ts'],
    ignores: ['services/*/src/errors.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.object.name='AppError'][callee.property.name='conflict']",
        message: "Name the rule in this service's errors.ts (a factory and its reason in the ConflictReason union) and throw that.",
      }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'deploy/local/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
