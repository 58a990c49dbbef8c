// Flat config. The folder rules encode ARCHITECTURE §2: src/ core never imports converters/ or
// ci_gen3/; converters/ never imports ci_gen3/; only src/cli/ (the composition root) may import all.
import tseslint from 'typescript-eslint';

const noConverters = { group: ['**/converters', '**/converters/**'], message: 'src/ core must not import converters/ (only src/cli/ may).' };
const noHarness = { group: ['**/ci_gen3', '**/ci_gen3/**'], message: 'only src/cli/ and test/ may import ci_gen3/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.venv/**', 'reports/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noConverters, noHarness] }],
      'no-console': 'error',
    },
  },
  {
    files: ['converters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noHarness] }],
      'no-console': 'error',
    },
  },
  {
    files: ['ci_gen3/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
