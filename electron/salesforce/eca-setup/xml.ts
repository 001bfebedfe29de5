// Metadata files as text: every value escaped, elements in the order Salesforce retrieves them.
import { AppError } from '../../../shared/errors.js';
import type { FieldName } from '../../../shared/fields.js';
import { hasControlCharacters } from '../../../shared/eca-names.js';

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

/** `text` as XML character data (safe in elements and in double- or single-quoted attributes). */
export function xmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A user's text for a file, refused when it holds characters no XML file (or Setup page) should. */
export function checkedText(text: string, field: FieldName, label: string): string {
  if (hasControlCharacters(text)) {
    throw new AppError(
      'BAD_INPUT',
      `${label} holds control characters, which cannot go into a Salesforce metadata file.`,
      `Type ${label} again without them.`,
      { field },
    );
  }
  return text;
}

export type Field = readonly [name: string, value: string | boolean | undefined];

/**
 * One metadata file: `<Root xmlns=…>` with one element per field that has a value. Elements are
 * written in alphabetical order, the order of the Metadata API's own schema and of retrieved
 * files: some types refuse an element "invalid at this location" when the order differs.
 */
export function metadataFile(root: string, fields: readonly Field[]): string {
  const lines = fields
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `    <${name}>${xmlText(String(value))}</${name}>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${METADATA_NS}">\n${lines.join('\n')}\n</${root}>\n`;
}
