// Writing the setup files to a folder. A new folder appears whole or not at all (built beside it,
// then renamed into place); an existing folder is written into only when empty or with force, file
// by file, each file atomically. Nothing is written through a symbolic link, and everything is
// checked before the first byte is written, so a refusal leaves the folder as it was.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { existingKind, writeFileSafely } from '../../cli/safe-write.js';
import type { SetupFile } from './generate.js';

const FILE_MODE = 0o644;
const FLAG_HINT = 'choose another --out folder';

function kindOf(path: string): 'none' | 'dir' | 'symlink' | 'other' {
  try {
    const stat = lstatSync(path);
    return stat.isSymbolicLink() ? 'symlink' : stat.isDirectory() ? 'dir' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
}

const refuse = (message: string, hint: string, path: string) =>
  new AppError('BAD_INPUT', message, hint, { field: 'out', path });

function checkRelative(path: string): string[] {
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..'))
    throw new Error(`Not a relative file path: ${JSON.stringify(path)}`);
  return parts;
}

/** Folders to create, in order; throws when one on the way is a link or a file. */
function plan(root: string, files: readonly SetupFile[]): string[] {
  const toCreate = new Set<string>();
  for (const file of files) {
    const parts = checkRelative(file.path);
    let at = root;
    for (const part of parts.slice(0, -1)) {
      at = join(at, part);
      if (toCreate.has(at)) continue;
      const kind = kindOf(at);
      if (kind === 'symlink')
        throw refuse(
          `${at} is a symbolic link; jwt-connect does not write through links.`,
          `Remove the link, or ${FLAG_HINT}.`,
          at,
        );
      if (kind === 'other')
        throw refuse(
          `${at} is in the way: it is a file, and a folder of that name is needed.`,
          `Remove it, or ${FLAG_HINT}.`,
          at,
        );
      if (kind === 'none') toCreate.add(at);
    }
    const target = join(root, ...parts);
    const kind = existingKind(target);
    if (kind === 'symlink')
      throw refuse(
        `${target} is a symbolic link; jwt-connect does not write through links.`,
        `Remove the link, or ${FLAG_HINT}.`,
        target,
      );
    if (kind === 'other')
      throw refuse(`${target} exists and is not a regular file.`, `Remove it, or ${FLAG_HINT}.`, target);
  }
  return [...toCreate];
}

function writeInto(root: string, files: readonly SetupFile[]): void {
  for (const folder of plan(root, files)) mkdirSync(folder, { mode: 0o755 });
  for (const file of files)
    writeFileSafely(join(root, ...file.path.split('/')), file.content, FILE_MODE, true, FLAG_HINT);
}

/**
 * Writes `files` under `dir`; returns the absolute paths written. `force`: an existing folder that
 * is not empty may be written into (files of the same names are replaced, others left alone).
 */
export function writeSetupFolder(
  dir: string,
  files: readonly SetupFile[],
  options: { force?: boolean } = {},
): string[] {
  const root = resolve(dir);
  const written = files.map((f) => join(root, ...checkRelative(f.path)));
  const kind = kindOf(root);
  if (kind === 'symlink')
    throw refuse(
      `${root} is a symbolic link; jwt-connect does not write through links.`,
      `Give the real folder, or ${FLAG_HINT}.`,
      root,
    );
  if (kind === 'other') throw refuse(`${root} exists and is not a folder.`, `Remove it, or ${FLAG_HINT}.`, root);
  if (kind === 'dir') {
    if (readdirSync(root).length > 0 && !options.force) {
      throw refuse(
        `${root} is not empty.`,
        `Add --force to write into it (files of the same names are replaced), or ${FLAG_HINT}.`,
        root,
      );
    }
    writeInto(root, files);
    return written;
  }
  // A new folder: built beside it under a temporary name, then renamed into place in one step.
  const parent = dirname(root);
  const parentKind = kindOf(parent);
  if (parentKind === 'none') mkdirSync(parent, { recursive: true, mode: 0o755 });
  else if (parentKind === 'other')
    throw refuse(`${parent} is not a folder.`, FLAG_HINT.replace(/^c/, 'C') + '.', parent);
  const temp = join(parent, `.${basename(root)}.${randomBytes(6).toString('hex')}.tmp`);
  mkdirSync(temp, { mode: 0o755 });
  try {
    writeInto(temp, files);
    renameSync(temp, root);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw refuse(
        `${root} appeared while the files were being written.`,
        `Run again with --force to write into it, or ${FLAG_HINT}.`,
        root,
      );
    }
    throw error;
  }
  return written;
}
