// The consumer key out of a retrieved External Client App global OAuth settings file
// (NAME_glbloauth.ecaGlblOauth-meta.xml), which the window's Consumer Key field accepts picked or
// dropped. The file is outside input: bounded, read without a general XML parser (one element is
// wanted), and only the key leaves this function: the file may also hold the consumer secret.
// No Node or DOM imports here.
import { AppError } from './errors.js';

/** A retrieved settings file is a few kilobytes; anything much larger is not one. */
export const ECA_OAUTH_FILE_MAX_BYTES = 256 * 1024;
const GLOBAL_ROOT = 'ExtlClntAppGlobalOauthSettings';
const KEY_MAX = 256;

const notIt = (message: string, hint: string) => new AppError('BAD_INPUT', message, hint, { field: 'consumerKey' });
const RETRIEVE_HINT =
  'Deploy the app, then retrieve its global OAuth settings (sf project retrieve start --metadata ExtlClntAppGlobalOauthSettings:NAME_glbloauth) and use that file, or paste the Consumer Key.';

/** The root element's name, after the XML declaration, comments and whitespace. */
function rootElement(text: string): string | undefined {
  const body = text
    .replace(/^\uFEFF/, '')
    .replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '')
    .trimStart();
  return /^<([A-Za-z_][\w.-]*)(?:[\s/>])/.exec(body)?.[1];
}

function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g,
    (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (name) return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name] as string;
      const code = hex ? parseInt(hex, 16) : Number(dec);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    },
  );
}

/** The consumer key in `text` (the file's content); a typed error that says what the file is instead. */
export function consumerKeyFromOauthFile(text: string): string {
  if (text.length > ECA_OAUTH_FILE_MAX_BYTES) {
    throw notIt(
      'This file is too large to be an External Client App settings file.',
      'Use the NAME_glbloauth.ecaGlblOauth-meta.xml file retrieved from the org.',
    );
  }
  const root = rootElement(text);
  if (root !== GLOBAL_ROOT) {
    throw notIt(
      root
        ? `This is not a global OAuth settings file: its root element is <${root.slice(0, 60)}>, not <${GLOBAL_ROOT}>.`
        : 'This is not a global OAuth settings file (no XML found).',
      `The consumer key is in the file ending .ecaGlblOauth-meta.xml (folder extlClntAppGlobalOauthSets). ${RETRIEVE_HINT}`,
    );
  }
  const found = [...text.matchAll(/<consumerKey>([^<]*)<\/consumerKey>/g)];
  if (found.length === 0) {
    throw notIt(
      'This global OAuth settings file holds no consumer key: it is the file as written before the deploy.',
      RETRIEVE_HINT,
    );
  }
  if (found.length > 1)
    throw notIt(
      'This file holds more than one consumer key.',
      'Use the file exactly as retrieved from the org, or paste the Consumer Key.',
    );
  const key = decodeEntities(found[0]?.[1] ?? '').trim();
  if (!key || key.length > KEY_MAX || !/^[A-Za-z0-9._~+/=-]+$/.test(key)) {
    throw notIt(
      'The consumer key in this file does not look like one (letters, digits, dots and underscores).',
      'Use the file exactly as retrieved from the org, or paste the Consumer Key.',
    );
  }
  return key;
}
