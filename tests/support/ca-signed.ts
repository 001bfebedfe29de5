// A key file whose certificate a (test) CA signed: the fixture key, its certificate issued by a CA.
import forge from 'node-forge';
import { fixture } from './helpers.js';

export function caSignedCombined(): Buffer {
  const keyPem = fixture('app-pkcs8.pem').toString('utf8');
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const caKeys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000 * 100);
  cert.setSubject([{ name: 'commonName', value: 'app.jwt-connect.test' }]);
  cert.setIssuer([{ name: 'commonName', value: 'Test Issuing CA' }]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());
  return Buffer.from(`${keyPem}\n${forge.pki.certificateToPem(cert)}`);
}
