// PEM blocks found in one pass over the lines. The former lazy regex with a back-reference
// (BEGIN (label) … END \1) rescanned the rest of the file for every BEGIN: a 1 MB file of BEGIN lines
// took 29 s. This scanner looks at each line once, and stops counting at LIMITS.maxPemBlocks.
import { AppError } from '../../shared/errors.js';
import { LIMITS } from './limits.js';

export interface PemBlock {
  label: string;
  /** The whole block, BEGIN to END, normalised (one line per line, LF endings). */
  text: string;
  /** RFC 1421 headers such as Proc-Type and DEK-Info (legacy encrypted PEM), else ''. */
  headers: string;
  /** The base64 body without whitespace. */
  body: string;
}

export interface PemScan {
  blocks: PemBlock[];
  /** BEGIN lines whose block never ended (the file looks truncated or spliced). */
  unterminated: number;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]{1,64})-----$/;
const END = /^-----END ([A-Z0-9 ]{1,64})-----$/;
const HEADER = /^[A-Za-z-]+:/;

/** `text` has LF endings (see pemText). Linear in its length. */
export function scanPem(text: string): PemScan {
  const blocks: PemBlock[] = [];
  let unterminated = 0;
  let open: { label: string; lines: string[] } | null = null;
  let started = 0;
  const lines = text.split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (!line.startsWith('-----')) {
      if (open) open.lines.push(line);
      continue;
    }
    const begin = BEGIN.exec(line);
    if (begin) {
      if (open) unterminated++;
      if (++started > LIMITS.maxPemBlocks) throw tooManyBlocks(lines);
      open = { label: begin[1] as string, lines: [] };
      continue;
    }
    const end = END.exec(line);
    if (end && open && end[1] === open.label) {
      blocks.push(toBlock(open.label, open.lines));
      open = null;
    } else if (open) {
      open.lines.push(line);
    }
  }
  if (open) unterminated++;
  return { blocks, unterminated };
}

/** Past the block cap: a bundle of CA certificates (a common wrong pick) is told apart from a key buried in one. */
function tooManyBlocks(lines: string[]): AppError {
  const keyLine = /^-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----$/;
  const hasKey = lines.some((line) => keyLine.test(line.trim()));
  if (!hasKey) {
    return new AppError(
      'NO_PRIVATE_KEY',
      `This file holds more than ${LIMITS.maxPemBlocks} PEM blocks and no private key: it looks like a bundle of CA certificates.`,
      'Pick the private key file (it starts with -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----). The certificate you upload to the Connected App is a separate file.',
    );
  }
  return new AppError(
    'KEY_FILE_TOO_COSTLY',
    `This file holds more than ${LIMITS.maxPemBlocks} PEM blocks; jwt-connect reads at most ${LIMITS.maxPemBlocks}.`,
    'Keep only the private key and its own certificate: openssl pkey -in <file> -out key.pem, and the certificate beside it.',
    { limit: LIMITS.maxPemBlocks },
  );
}

function toBlock(label: string, lines: string[]): PemBlock {
  let bodyStart = 0;
  let headers = '';
  if (lines[0] !== undefined && HEADER.test(lines[0])) {
    const blank = lines.indexOf('');
    if (blank >= 0) {
      headers = lines.slice(0, blank).join('\n');
      bodyStart = blank + 1;
    }
  }
  const inner = lines.join('\n');
  return {
    label,
    text: `-----BEGIN ${label}-----\n${inner}\n-----END ${label}-----\n`,
    headers,
    body: lines.slice(bodyStart).join('').replace(/\s+/g, ''),
  };
}
