// Type-aware lint: floating promises in stream-heavy code are real bugs, so those rules stay on.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'web/dist/**', 'test-results/**', 'coverage/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify plugins and route handlers are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
      'no-console': 'off',
    },
  },
  {
    // The client core runs in browsers too: Node built-ins only in src/client/node/ (the CLI's file source and
    // pending-state store), never above it.
    files: ['src/client/**/*.ts'],
    ignores: ['src/client/node/**', 'src/client/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^node:', message: 'src/client runs in browsers: put Node code in src/client/node/' }, { regex: '/crypto/node', message: 'src/client runs in browsers: use src/crypto/index.ts' }] }] },
  },
  {
    // http sits below client (DESIGN.md §5): of the client core it may import only the API contract, a zod-only leaf.
    files: ['src/http/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '/client/(?!api-contract\\.ts$)', message: 'src/http may import only src/client/api-contract.ts' }] }] },
  },
  {
    // These tests read raw JSON responses field by field; the response shapes are asserted, not typed.
    files: ['test/transfers/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
