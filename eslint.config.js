// The rules of the house that a tool can keep: the TypeScript and React hooks checks, and the
// import boundaries between the parts of the app (docs/architecture.md, "Rules the code keeps").
// `npm run lint` runs it; `npm test` runs it too.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeModules = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** The main process's own folder reached by a relative path (the bare 'electron' is the package). */
const electronFolder = '^(\\.{1,2}/)+(.*/)?electron(/|$)';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'tmp/**',
      '.tmp/**',
      '.dev-data/**',
      '.demo-data/**',
      'tests/fixtures/**',
      'pack/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // Unused names are dead code; a leading underscore says "unused on purpose".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Type-only imports stay type-only, so a bundle never loads a module for its types (the CLI's login path).
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-control-regex': 'off', // the sanitisers match control characters on purpose
    },
  },
  {
    // The build and fixture scripts written as plain ES modules run in Node.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Tests read JSON answers and build stand-ins for electron's objects, where `any` is the honest type.
    files: ['tests/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // The window knows nothing of Node or of the main process: it talks through window.api, and shares
  // only what shared/ holds.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main only through window.api (shared/api.ts).' },
            ...nodeModules.map((name) => ({
              name,
              message: 'The renderer runs in a sandboxed page: no Node modules.',
            })),
          ],
          patterns: [{ regex: electronFolder, message: 'The renderer imports only shared/, never electron/.' }],
        },
      ],
    },
  },
  // The engine runs in tests and in the CLI without Electron: platform parts are passed in.
  {
    files: ['electron/keys/**/*.ts', 'electron/salesforce/**/*.ts', 'electron/connections/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'keys/, salesforce/ and connections/ run without Electron: take the platform part as an argument.',
            },
          ],
          patterns: [{ group: ['electron/*'], message: 'keys/, salesforce/ and connections/ run without Electron.' }],
        },
      ],
    },
  },
  // What both sides agree on: no Node, no DOM-only code, no reaching into either side.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'shared/ is imported by the renderer too.' },
            ...nodeModules.map((name) => ({ name, message: 'shared/ is imported by the renderer: no Node modules.' })),
          ],
          patterns: [
            { regex: electronFolder, message: 'shared/ is imported by both sides: it cannot depend on electron/.' },
            { regex: '^(\\.{1,2}/)+(.*/)?renderer(/|$)', message: 'shared/ cannot depend on the renderer.' },
          ],
        },
      ],
    },
  },
);
