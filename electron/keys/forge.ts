// node-forge, as every module here uses it: its pure-JavaScript keystore code reads the same under
// Electron's BoringSSL as under OpenSSL. One change: forge runs PBKDF2 in JavaScript whenever the PRF
// is not SHA-1 (keytool's PBES2 uses HMAC-SHA256, 10,000 rounds: ~100 ms a keystore). Node's
// pbkdf2Sync derives the same bytes natively, and BoringSSL has it too. Passwords arrive as forge's
// binary strings and are hashed exactly as forge's own code would hash them.
import { pbkdf2Sync } from 'node:crypto';
import forge from 'node-forge';

const NATIVE_PRF: Record<string, string> = { sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };
const forgePbkdf2 = forge.pkcs5.pbkdf2;
type Pbkdf2Args = Parameters<typeof forgePbkdf2>;

(forge.pkcs5 as { pbkdf2: unknown }).pbkdf2 = (...args: Pbkdf2Args) => {
  const [password, salt, iterations, keyLength, md, callback] = args as unknown as [string, string, number, number, unknown, unknown];
  const name = typeof md === 'string' ? md : (md as { algorithm?: string } | null | undefined)?.algorithm ?? 'sha1';
  const prf = NATIVE_PRF[name];
  if (callback !== undefined || !prf) return (forgePbkdf2 as (...a: Pbkdf2Args) => unknown)(...args);
  return pbkdf2Sync(Buffer.from(password, 'binary'), Buffer.from(salt, 'binary'), iterations, keyLength, prf).toString('binary');
};

export default forge;
