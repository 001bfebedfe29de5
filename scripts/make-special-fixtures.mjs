// Builds the fixtures keytool/openssl cannot make on demand. Called by make-fixtures.sh.
//  - attributes.jks: a real-format JKS whose PKCS#8 key carries the optional attributes field, as
//    Salesforce's "Export to Keystore" files do (jks-js fails on these). keytool -list verifies it.
//  - expired-combined.pem: a certificate that expired, with its key, in one PEM file.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

const dir = process.argv[2];
const asn1 = forge.asn1;
const password = 'storepass';

// PKCS#8 with an attributes field: [0] IMPLICIT SET { Attribute { friendlyName, SET { BMPString } } }
const pkcs8 = asn1.fromDer(forge.util.createBuffer(readFileSync(join(dir, 'app-pkcs8.der')).toString('binary')));
const friendlyNameOid = asn1.oidToDer(forge.pki.oids.friendlyName).getBytes();
pkcs8.value.push(
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, friendlyNameOid),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, '\u0000s\u0000f\u0000d\u0000c'),
      ]),
    ]),
  ]),
);
const plainKey = Buffer.from(asn1.toDer(pkcs8).getBytes(), 'binary');

// Sun's JKS key protector: salt, SHA-1 keystream over (password UTF-16BE || previous digest), check digest.
const pw = Buffer.from(password, 'utf16le').swap16();
const salt = randomBytes(20);
const enc = Buffer.alloc(plainKey.length);
let digest = salt;
for (let off = 0; off < plainKey.length; off += 20) {
  digest = createHash('sha1').update(pw).update(digest).digest();
  for (let i = 0; i < 20 && off + i < plainKey.length; i++) enc[off + i] = plainKey[off + i] ^ digest[i];
}
const check = createHash('sha1').update(pw).update(plainKey).digest();
const protectedKey = Buffer.concat([salt, enc, check]);
const epki = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.3.6.1.4.1.42.2.17.1.1').getBytes()),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
  ]),
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, protectedKey.toString('binary')),
]);
const epkiDer = Buffer.from(asn1.toDer(epki).getBytes(), 'binary');
const certDer = Buffer.from(forge.pem.decode(readFileSync(join(dir, 'app.crt'), 'utf8'))[0].body, 'binary');

const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const utf = (s) => {
  const b = Buffer.from(s, 'utf8');
  const l = Buffer.alloc(2);
  l.writeUInt16BE(b.length);
  return Buffer.concat([l, b]);
};
const u64 = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};
const body = Buffer.concat([
  u32(0xfeedfeed),
  u32(2),
  u32(1),
  u32(1),
  utf('sfdc-export'),
  u64(Date.now()),
  u32(epkiDer.length),
  epkiDer,
  u32(1),
  utf('X.509'),
  u32(certDer.length),
  certDer,
]);
const mac = createHash('sha1').update(pw).update(Buffer.from('Mighty Aphrodite', 'utf8')).update(body).digest();
writeFileSync(join(dir, 'attributes.jks'), Buffer.concat([body, mac]));

// An expired certificate for the app key.
const key = forge.pki.privateKeyFromPem(readFileSync(join(dir, 'app-pkcs8.pem'), 'utf8'));
const cert = forge.pki.createCertificate();
cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
cert.serialNumber = '0badc0de';
cert.validity.notBefore = new Date(Date.UTC(2020, 0, 1));
cert.validity.notAfter = new Date(Date.UTC(2021, 0, 1));
const attrs = [{ name: 'commonName', value: 'expired.jwt-connect.test' }];
cert.setSubject(attrs);
cert.setIssuer(attrs);
cert.sign(key, forge.md.sha256.create());
writeFileSync(
  join(dir, 'expired-combined.pem'),
  forge.pki.certificateToPem(cert) + readFileSync(join(dir, 'app-pkcs8.pem'), 'utf8'),
);

// One base64 character changed inside the key's modulus: it still parses, into a key that no longer
// belongs to the certificate (combined file) or whose signatures do not verify (key alone).
const combined = readFileSync(join(dir, 'app-combined.pem'), 'utf8').split('\n');
const keyStart = combined.indexOf('-----BEGIN PRIVATE KEY-----');
const line = combined[keyStart + 3];
combined[keyStart + 3] = line.slice(0, 30) + (line[30] === 'A' ? 'B' : 'A') + line.slice(31);
writeFileSync(join(dir, 'tampered-combined.pem'), combined.join('\n'));
writeFileSync(join(dir, 'tampered.pem'), combined.slice(keyStart).join('\n'));
