// Comments say the reason in words that stand alone: a pointer to an issue by its number and
// section means nothing to a reader of this repository, so none is allowed in code, tests or scripts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const FOLDERS = ['electron', 'renderer', 'shared', 'tests', 'scripts', 'bench'];
const SOURCE = /\.(ts|tsx|mjs|js|sh|css)$/;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join('tests', 'fixtures') ? [] : sources(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

describe('comments', () => {
  it('cite no issue numbers or issue sections', () => {
    const cited = FOLDERS.flatMap(sources).flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
        .filter(({ line }) => /\bissues? (\d+|"[^"]+")|§\s?\d/i.test(line)),
    );
    expect(cited.map(({ where, line }) => `${where}: ${line.trim()}`)).toEqual([]);
  });
});
