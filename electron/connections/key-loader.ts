// How the service reads key files: in a worker thread by default, so a slow or hostile file never
// holds the event loop of the app's main process (or the browser-mode bridge); in-thread for the
// CLI, where there is no window to keep responsive and a worker start would cost more than the key.
import type { X509Certificate } from 'node:crypto';
import type { KeyFileInfo } from '../../shared/keys.js';
import { certificateOfInWorker, inspectKeyFileInWorker, loadSigningKeyInWorker } from '../keys/key-worker-client.js';
import { certificateOf, inspectKeyFile, loadSigningKey, type KeySource, type SigningKey } from '../keys/load.js';

export interface KeyLoader {
  inspectKeyFile(source: KeySource, now: Date): Promise<KeyFileInfo>;
  loadSigningKey(source: KeySource, now: Date): Promise<SigningKey>;
  certificateOf(source: KeySource): Promise<X509Certificate>;
}

export const workerKeyLoader: KeyLoader = {
  inspectKeyFile: inspectKeyFileInWorker,
  loadSigningKey: loadSigningKeyInWorker,
  certificateOf: certificateOfInWorker,
};

export const inThreadKeyLoader: KeyLoader = {
  inspectKeyFile: async (source, now) => inspectKeyFile(source, now),
  loadSigningKey: (source, now) => loadSigningKey(source, now),
  certificateOf: async (source) => certificateOf(source),
};
