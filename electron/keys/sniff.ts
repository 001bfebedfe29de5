import { AppError } from '../../shared/errors.js';
import type { KeyFormat } from '../../shared/keys.js';
import { assertKeyFileSize } from './limits.js';

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;

/**
 * Text of a PEM-ish file without its BOM and with LF line ends. A UTF-16 file with a BOM is decoded as
 * such: Windows PowerShell 5's `>` and Out-File write UTF-16 LE, so `openssl ... > key.pem` there makes one.
 */
export function pemText(bytes: Buffer): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)).toString('utf16le');
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)))
      .swap16()
      .toString('utf16le');
  } else {
    text = bytes.toString('utf8');
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Reads a DER length at `offset` (just after the tag). Returns [length, headerBytes] or null. */
function derLength(bytes: Buffer, offset: number): [number, number] | null {
  const first = bytes[offset];
  if (first === undefined) return null;
  if (first < 0x80) return [first, 1];
  const count = first & 0x7f;
  if (count === 0 || count > 4 || offset + count >= bytes.length) return null;
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + (bytes[offset + i] as number);
  return [length, 1 + count];
}

/**
 * Decide what a key file is from its bytes; the extension is not consulted (keytool writes PKCS#12
 * into .jks). A file larger than its format's cap is refused here, before any parser sees it.
 */
export function sniffKeyFormat(bytes: Buffer): KeyFormat {
  const format = sniff(bytes);
  assertKeyFileSize(bytes, format);
  return format;
}

function sniff(bytes: Buffer): KeyFormat {
  if (bytes.length === 0) {
    throw new AppError(
      'KEY_FILE_EMPTY',
      'The key file is empty.',
      'Pick the file again; it may not have finished downloading or copying.',
    );
  }
  if (bytes.length >= 4) {
    const magic = bytes.readUInt32BE(0);
    if (magic === JKS_MAGIC) return 'jks';
    if (magic === JCEKS_MAGIC) return 'jceks';
  }
  if (bytes[0] === 0x30) {
    // A PKCS#12 PFX is a SEQUENCE whose first element is INTEGER 3 (its version).
    const len = derLength(bytes, 1);
    if (len) {
      const at = 1 + len[1];
      if (bytes[at] === 0x02 && bytes[at + 1] === 0x01 && bytes[at + 2] === 0x03) return 'pkcs12';
    }
    return 'der';
  }
  const head = pemText(bytes.subarray(0, 64 * 1024));
  if (head.includes('-----BEGIN ')) return 'pem';
  if (/^\s*</.test(head)) {
    throw new AppError(
      'KEY_FILE_UNRECOGNISED',
      'This file is a web page (HTML), not a key file.',
      'A browser or proxy may have saved a sign-in page instead of the file. Download or export the key again.',
    );
  }
  throw new AppError(
    'KEY_FILE_UNRECOGNISED',
    'This file is not a key file jwt-connect can read.',
    'Pick a Java keystore (.jks), a PKCS#12 keystore (.p12/.pfx) or a private key (.key/.pem/.der).',
  );
}
