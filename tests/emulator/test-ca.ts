// A throwaway certificate authority and a server certificate for a host name that does not exist in
// DNS (login.jwt-connect.test), made with openssl into a temporary folder, for serving the emulator
// over TLS behind the test CONNECT proxy. EC P-256 keys: generated in a few milliseconds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  caFile: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

export function makeTestCa(hostnames: string[]): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-ca-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=jwt-connect test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    ...ec,
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
    '-subj',
    `/CN=${hostnames[0] ?? 'localhost'}`,
  );
  writeFileSync(
    at('server.ext'),
    [
      `subjectAltName=${hostnames.map((h) => `DNS:${h}`).join(',')}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
    ].join('\n'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.crt'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('server.crt'),
    '-days',
    '2',
    '-extfile',
    at('server.ext'),
  );
  return {
    dir,
    caFile: at('ca.crt'),
    caPem: readFileSync(at('ca.crt'), 'utf8'),
    certPem: readFileSync(at('server.crt'), 'utf8'),
    keyPem: readFileSync(at('server.key'), 'utf8'),
  };
}
