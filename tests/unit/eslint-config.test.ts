// The import boundaries in eslint.config.js, checked by linting one-line files as if they sat where
// they would break a boundary (and where the same import is allowed), with the project's real config.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('the renderer imports only shared/: not electron/, not electron, not Node', async () => {
    expect(
      await restricted(
        'renderer/components/Probe.tsx',
        "import { dispatch } from '../../electron/api.js';\nexport const x = dispatch;\n",
      ),
    ).toEqual([expect.stringContaining('never electron/')]);
    expect(
      await restricted('renderer/probe.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"),
    ).toEqual([expect.stringContaining('window.api')]);
    expect(
      await restricted(
        'renderer/probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toEqual([expect.stringContaining('no Node modules')]);
    expect(
      await restricted(
        'renderer/probe.ts',
        "import { API_METHODS } from '../shared/api-methods.js';\nexport const x = API_METHODS;\n",
      ),
    ).toEqual([]);
  });

  it('keys/, salesforce/ and connections/ never import electron; main.ts may', async () => {
    for (const folder of ['keys', 'salesforce', 'connections']) {
      expect(
        await restricted(
          `electron/${folder}/probe.ts`,
          "import { safeStorage } from 'electron';\nexport const x = safeStorage;\n",
        ),
        folder,
      ).toEqual([expect.stringContaining('run without Electron')]);
      expect(
        await restricted(
          `electron/${folder}/probe.ts`,
          "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
        ),
        folder,
      ).toEqual([]);
    }
    expect(
      await restricted('electron/main.ts', "import { safeStorage } from 'electron';\nexport const x = safeStorage;\n"),
    ).toEqual([]);
  });

  it('shared/ imports no Node modules and nothing from either side', async () => {
    expect(
      await restricted('shared/probe.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;\n"),
    ).toEqual([expect.stringContaining('no Node modules')]);
    expect(
      await restricted('shared/probe.ts', "import { createHash } from 'crypto';\nexport const x = createHash;\n"),
    ).toEqual([expect.stringContaining('no Node modules')]);
    expect(
      await restricted(
        'shared/probe.ts',
        "import { dispatch } from '../electron/api.js';\nexport const x = dispatch;\n",
      ),
    ).toEqual([expect.stringContaining('cannot depend on electron/')]);
    expect(await restricted('shared/probe.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
  });
});
