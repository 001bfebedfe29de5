// Saved connections for the list tests and the window bench: many metadata rows at once, or a few
// real ones that log in to the emulator (a PEM key) and fail in a known way.
import type { ConnectionRepository, StoredConnection } from '../../electron/connections/repository.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import { CONSUMER_KEY, USERNAME, fixture } from '../unit/helpers.js';

export function seedRows(repository: ConnectionRepository, count: number, name = (i: number) => `Connection ${i}`): void {
  const now = new Date().toISOString();
  const rows: StoredConnection[] = Array.from({ length: count }, (_, i) => ({
    id: `seed-${i}`, name: name(i), description: `Seeded connection number ${i}`, connectionType: 'salesforce', authType: 'oauth-jwt',
    encryption: 'privateKey', consumerKey: `3MVG9${i}`, username: `user${i}@example.com`, environment: i % 3 ? 'sandbox' : 'production',
    createdAt: now, updatedAt: now,
  }));
  repository.put(rows);
}

/** A saved connection that logs in to the emulator, or with `username` one it refuses. */
export async function saveWorking(service: ConnectionService, emulatorUrl: string, name: string, username = USERNAME) {
  return service.createConnection({
    name, encryption: 'privateKey', consumerKey: CONSUMER_KEY, username, environment: 'mydomain', myDomainUrl: emulatorUrl,
    keyFile: { fileName: 'app-pkcs8.pem', base64: fixture('app-pkcs8.pem').toString('base64') }, secrets: {},
  });
}
