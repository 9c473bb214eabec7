// Type-aware linting for every TypeScript package; the renderer's .vue files are type-checked by vue-tsc.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/out/**', '**/dist/**', 'tests/.artifacts/**', '**/*.vue', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  {
    // The desktop's main process, preload and build configs live in tsconfig.node.json (the nearest
    // tsconfig.json is the renderer's), so the project service would not find them.
    files: ['apps/desktop/src/main/**/*.ts', 'apps/desktop/src/preload/**/*.ts', 'apps/desktop/*.config.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['apps/desktop/tsconfig.node.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Tests read JSON oracles and drive untyped fixtures; the unsafe-any rules only add noise there.
    files: ['**/*.test.ts', 'tests/**/*.ts', '**/testing/**/*.ts', '**/test-frames.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // expect(mock.method).toHaveBeenCalled() reads a method without calling it, by design.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
