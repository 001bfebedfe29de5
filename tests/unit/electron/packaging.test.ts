// What the installers are made of, checked without packaging (which needs Electron's binary): the
// electron-builder configuration as electron-builder itself reads and validates it, and the icon.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/app-protocol.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('electron-builder configuration', () => {
  it('is valid for this electron-builder and flips the fuses a packaged app relies on', async () => {
    const config = await getConfig(root, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    expect(config.directories?.buildResources).toBe('build');
    expect(config.icon).toBe('build/icon.png');
    expect(config.extraResources).toEqual([{ from: 'build/icon.png', to: 'icon.png' }]);
  });
});

describe('the app icon', () => {
  it('is a valid 1024x1024 RGBA PNG whose pixels are not all the same', () => {
    const png = readFileSync(join(root, 'build', 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const chunks: { type: string; data: Buffer }[] = [];
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      const type = png.toString('ascii', at + 4, at + 8);
      const data = png.subarray(at + 8, at + 8 + length);
      expect(png.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      chunks.push({ type, data });
      at += 12 + length;
    }
    expect(chunks[0]?.type).toBe('IHDR');
    expect(chunks.at(-1)?.type).toBe('IEND');
    const header = chunks[0]!.data;
    expect([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]]).toEqual([1024, 1024, 8, 6]);
    const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    expect(pixels.length).toBe(1024 * (1 + 1024 * 4));
    const row = 512 * (1 + 1024 * 4);
    const centre = pixels.subarray(row + 1 + 512 * 4, row + 1 + 513 * 4);
    const corner = pixels.subarray(1, 5);
    expect(corner[3]).toBe(0); // transparent outside the rounded square
    expect(centre[3]).toBe(255);
  });
});

describe('the Content-Security-Policy', () => {
  it('is the same in the app:// answers as in the page', () => {
    const html = readFileSync(join(root, 'renderer', 'index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});

function crc32(buffer: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buffer) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
