// shared/env-vars.ts is the one home of the JWT_CONNECT_* names: every one the code reads is in the
// table with a description, and code outside the table refers to it instead of spelling the name.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../../shared/env-vars.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [path] : [];
  });
}
const code = ['electron', 'renderer', 'shared', 'scripts', 'bench'].flatMap(sources);
const isComment = (line: string) => /^\s*(\/\/|\*|\/\*)/.test(line);

describe('environment variables', () => {
  it('are all in the table, each with a description and the entry points that read it', () => {
    const named = new Set(
      code.flatMap((file) => readFileSync(join(ROOT, file), 'utf8').match(/\bJWT_CONNECT_[A-Z_]*[A-Z]\b/g) ?? []),
    );
    named.delete('JWT_CONNECT_VERSION'); // a build-time define (__JWT_CONNECT_VERSION__), not a variable
    const table = new Set<string>(Object.values(ENV).map((v) => v.name));
    expect([...named].filter((name) => !table.has(name))).toEqual([]);
    for (const v of Object.values(ENV)) {
      expect(v.description.length, v.name).toBeGreaterThan(20);
      expect(v.usedBy.length, v.name).toBeGreaterThan(0);
    }
  });

  it('are referred to through the table, not spelled out in code', () => {
    const spelled = code
      .filter((file) => file !== join('shared', 'env-vars.ts'))
      .flatMap((file) =>
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
          .filter(
            ({ line }) => !isComment(line) && /\bJWT_CONNECT_[A-Z]/.test(line.replace(/__JWT_CONNECT_VERSION__/g, '')),
          ),
      );
    expect(spelled.map(({ where, line }) => `${where}: ${line.trim()}`)).toEqual([]);
  });
});
