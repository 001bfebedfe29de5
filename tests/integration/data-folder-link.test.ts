// The desktop app's folder reached through a symlink is still the app's folder (real files, real links):
// browser mode must then seal with the secrets password only, never make a development key there.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDesktopDataDir } from '../../electron/connections/data-folder.js';
import { tempDir } from '../support/cli-helpers.js';

const home = tempDir('jwt-app-link-');
afterAll(() => home.remove());

describe('isDesktopDataDir', () => {
  const config = join(home.dir, '.config');
  const env = { XDG_CONFIG_HOME: config };
  mkdirSync(join(config, 'jwt-connect'), { recursive: true });
  symlinkSync(join(config, 'jwt-connect'), join(home.dir, 'applink'));
  symlinkSync(config, join(home.dir, 'configlink'));

  it('knows the folder through a link to it, and through a link above it', () => {
    expect(isDesktopDataDir(join(home.dir, 'applink'), env)).toBe(true);
    expect(isDesktopDataDir(join(home.dir, 'configlink', 'jwt-connect'), env)).toBe(true);
  });

  it('knows a folder that does not exist yet, under a link, by its parent', () => {
    const missing = { XDG_CONFIG_HOME: join(home.dir, 'configlink') };
    expect(isDesktopDataDir(join(config, 'jwt-connect'), missing)).toBe(true);
    expect(isDesktopDataDir(join(home.dir, 'elsewhere'), env)).toBe(false);
  });
});
