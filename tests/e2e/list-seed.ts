// Saved connections for the list tests and the window bench: many metadata rows at once, or a few
// real ones that log in to the emulator (a PEM key) and fail in a known way.
import type { ConnectionRepository, StoredConnection } from '../../electron/connections/repository.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import { CONSUMER_KEY, USERNAME, fixture } from '../support/helpers.js';

/**
 * `count` metadata rows in one write. `lived` gives each what a row in use shows: a last test
 * (every fifth failed), a certificate expiring between 40 days ago and a year ahead.
 */
export function seedRows(
  repository: ConnectionRepository,
  count: number,
  name = (i: number) => `Connection ${i}`,
  lived = false,
): void {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows: StoredConnection[] = Array.from({ length: count }, (_, i) => ({
    id: `seed-${i}`,
    name: name(i),
    description: `Seeded connection number ${i}`,
    connectionType: 'salesforce',
    authType: 'oauth-jwt',
    encryption: 'privateKey',
    consumerKey: `3MVG9${i}`,
    username: `user${i}@example.com`,
    environment: i % 3 ? 'sandbox' : 'production',
    createdAt: iso(now),
    updatedAt: iso(now - i * 60_000),
    ...(lived && {
      lastTest:
        i % 5
          ? { at: iso(now - i * 3_600_000), ok: true, elapsedMs: 300 + (i % 200) }
          : {
              at: iso(now - i * 3_600_000),
              ok: false,
              code: 'INACTIVE_USER' as const,
              message: 'Salesforce refused the login: invalid_grant: inactive user.',
            },
      keyFile: {
        fileName: `org-${i}.pem`,
        format: 'pem' as const,
        importedAt: iso(now),
        certificate: {
          subject: `CN=org-${i}`,
          sha256Fingerprint: 'AB:CD',
          validTo: iso(now + ((i % 405) - 40) * 86_400_000),
        },
      },
    }),
  }));
  repository.put(rows);
}

/** A saved connection that logs in to the emulator, or with `username` one it refuses. */
export async function saveWorking(service: ConnectionService, emulatorUrl: string, name: string, username = USERNAME) {
  return service.createConnection({
    name,
    encryption: 'privateKey',
    consumerKey: CONSUMER_KEY,
    username,
    environment: 'mydomain',
    myDomainUrl: emulatorUrl,
    keyFile: { fileName: 'app-pkcs8.pem', base64: fixture('app-pkcs8.pem').toString('base64') },
    secrets: {},
  });
}
