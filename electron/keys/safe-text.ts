// Names that come out of a file (aliases, friendlyNames, certificate types) end up in messages and in
// the window. A damaged or hostile file can put anything there: control characters, bidi overrides,
// half a UTF-8 sequence, a megabyte of text. Show such names tamed, never raw.

const UNSAFE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\uFFFD]/gu;
const MAX_NAME = 100;

/** A file-borne name made safe to display: unsafe characters become '?', long names are cut. */
export function displayName(raw: string): string {
  const tame = raw.replace(UNSAFE, '?');
  return tame.length > MAX_NAME ? `${tame.slice(0, MAX_NAME)}…` : tame;
}

/** A file-borne value, when it is a string at all (node-forge hands back whatever the ASN.1 held). */
export function nameOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? displayName(value) : undefined;
}
