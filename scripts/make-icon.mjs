// node scripts/make-icon.mjs: draws the app icon (a key on a cloud, on a blue rounded square) into
// build/icon.png, 1024x1024 RGBA. electron-builder makes the macOS .icns and Windows .ico from it,
// so installers carry our icon instead of Electron's. Written with zlib alone (no image library to
// install) and committed with its output, so nobody needs to run it to build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;

// Signed distances (negative inside), in pixels: edges are anti-aliased by the distance itself.
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
function roundedBox(x, y, x0, y0, x1, y1, r) {
  const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
const coverage = (d) => Math.min(1, Math.max(0, 0.5 - d));

const background = (x, y) => roundedBox(x, y, 64, 64, 960, 960, 200);
const cloud = (x, y) =>
  Math.min(
    circle(x, y, 370, 560, 150),
    circle(x, y, 540, 460, 200),
    circle(x, y, 710, 580, 135),
    roundedBox(x, y, 220, 540, 845, 715, 88),
  );
const key = (x, y) =>
  Math.min(
    Math.abs(Math.hypot(x - 410, y - 595) - 62) - 30, // the bow: a ring
    roundedBox(x, y, 480, 577, 740, 613, 8), // the shaft
    roundedBox(x, y, 660, 605, 688, 661, 6), // two teeth
    roundedBox(x, y, 706, 605, 734, 645, 6),
  );

const top = [27, 150, 255];
const bottom = [11, 92, 171];
const keyColour = [11, 92, 171];

const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let y = 0; y < SIZE; y++) {
  const row = y * (1 + SIZE * 4);
  raw[row] = 0; // filter: none
  const t = y / (SIZE - 1);
  const bg = top.map((c, i) => c + (bottom[i] - c) * t);
  for (let x = 0; x < SIZE; x++) {
    const px = x + 0.5;
    const py = y + 0.5;
    const a = coverage(background(px, py));
    let colour = bg;
    const c = coverage(cloud(px, py));
    colour = colour.map((v) => v + (255 - v) * c);
    const k = coverage(key(px, py));
    colour = colour.map((v, i) => v + (keyColour[i] - v) * k);
    const o = row + 1 + x * 4;
    raw[o] = Math.round(colour[0]);
    raw[o + 1] = Math.round(colour[1]);
    raw[o + 2] = Math.round(colour[2]);
    raw[o + 3] = Math.round(a * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('build', { recursive: true });
writeFileSync('build/icon.png', png);
process.stdout.write(`build/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes\n`);
