// Authorise → Test → Save keeps what was just proven, so a user need not log in again after saving. A run on the form (unsaved) leaves its
// result here, keyed by a fingerprint of exactly what it logged in with (the login fields, the key
// bytes and the key passwords); a save whose record and secrets have the same fingerprint takes the
// results and the token over. Memory only, for this session, and bounded.
import { createHash } from 'node:crypto';
import type { ConnectionFields, ConnectionSecrets, ResultRecord } from '../../shared/connection.js';
import type { AuthoriseResult } from '../../shared/salesforce.js';
import { LOGIN_FIELDS } from '../../shared/fields.js';

export { LOGIN_FIELDS };
const KEY_SECRETS = ['keyMaterial', 'keyStorePassword', 'keyPassword', 'passphrase'] as const;
const MAX_ENTRIES = 32;

export interface ProvenRun {
  lastAuthorise?: ResultRecord;
  lastTest?: ResultRecord;
  token?: AuthoriseResult;
}

/** SHA-256 over a canonical JSON of the login fields and key secrets (absent and empty are the same). */
export function loginFingerprint(
  fields: Partial<Pick<ConnectionFields, (typeof LOGIN_FIELDS)[number]>>,
  secrets: ConnectionSecrets,
): string {
  const canonical = [
    ...LOGIN_FIELDS.map((f) => [f, String(fields[f] ?? '').trim()]),
    ...KEY_SECRETS.map((s) => [s, secrets[s] ?? '']),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export class ProvenRuns {
  private readonly runs = new Map<string, ProvenRun>();

  record(
    fingerprint: string,
    which: 'lastAuthorise' | 'lastTest',
    result: ResultRecord,
    token?: AuthoriseResult,
  ): void {
    const entry = this.runs.get(fingerprint) ?? {};
    this.runs.delete(fingerprint); // re-insert: the map's order is the eviction order
    entry[which] = result;
    if (token) entry.token = token;
    else if (which === 'lastAuthorise' && !result.ok) delete entry.token; // a refused login: the old token is not proof
    this.runs.set(fingerprint, entry);
    while (this.runs.size > MAX_ENTRIES) this.runs.delete(this.runs.keys().next().value as string);
  }

  get(fingerprint: string): ProvenRun | undefined {
    return this.runs.get(fingerprint);
  }
}
