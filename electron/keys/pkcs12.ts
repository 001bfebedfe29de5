// PKCS#12 (.p12/.pfx, and keytool's default store even when named .jks), read with node-forge: a pure
// JS path, so the same code works under Electron's BoringSSL (no RC2/legacy provider needed).
import { createPrivateKey, type KeyObject, type X509Certificate } from 'node:crypto';
import forge from './forge.js';
import { AppError } from '../../shared/errors.js';
import { parseCertificate } from './certificate.js';
import { admitVisibleWorkFactors } from './der.js';
import { assertCount, LIMITS } from './limits.js';
import { nameOrUndefined } from './safe-text.js';

export interface Pkcs12Entry {
  alias: string;
  kind: 'privateKey' | 'trustedCertificate';
  key?: KeyObject;
  certificates: X509Certificate[];
}

const { asn1, pki } = forge;

// A MAC that does not verify means a wrong password or changed bytes; like keytool, say both.
const wrongPassword = () =>
  new AppError(
    'WRONG_PASSWORD',
    'The key store password is wrong, or the file is damaged.',
    'Check the Key Store Password (it is case-sensitive); for a .p12/.pfx it is the export password. ' +
      'If the password is surely right, copy or export the keystore again.',
  );

const corrupt = () =>
  new AppError(
    'KEY_FILE_CORRUPT',
    'The PKCS#12 keystore could not be read; it may be damaged or use an unsupported algorithm.',
    'Export it again, or convert it: openssl pkcs12 -in <file> -nodes | openssl pkcs12 -export -out fixed.p12',
  );

function decode(der: forge.asn1.Asn1, password: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(der, false, password);
  } catch (error) {
    if (error instanceof AppError) throw error; // a cap, raised from inside forge's key derivation
    const message = error instanceof Error ? error.message : '';
    if (message.includes('MAC could not be verified')) throw wrongPassword();
    // The MAC passed, so the password is right; node-forge hands PBES2 the raw JS string where OpenSSL
    // and keytool use the password's UTF-8 bytes. Drop the verified MAC and decrypt with those bytes.
    if (/[^\x00-\x7f]/.test(password)) {
      const withoutMac = asn1.create(
        der.tagClass,
        der.type,
        der.constructed,
        (der.value as forge.asn1.Asn1[]).slice(0, 2),
      );
      try {
        return forge.pkcs12.pkcs12FromAsn1(withoutMac, false, forge.util.encodeUtf8(password));
      } catch (retryError) {
        if (retryError instanceof AppError) throw retryError; // fall through to the generic message otherwise
      }
    }
    if (message.includes('wrong password') || message.includes('Invalid password')) throw wrongPassword();
    throw corrupt();
  }
}

function localKeyId(bag: forge.pkcs12.Bag): string | undefined {
  const id = bag.attributes?.localKeyId?.[0] as string | undefined;
  return id === undefined ? undefined : forge.util.bytesToHex(id);
}

/** DER of what forge decoded; forge keeps what it could not interpret (non-RSA) as raw ASN.1. */
function bagDer(bag: forge.pkcs12.Bag, decoded: () => forge.asn1.Asn1 | null): Buffer {
  try {
    const node = decoded() ?? (bag as unknown as { asn1?: forge.asn1.Asn1 }).asn1;
    if (!node) throw corrupt();
    return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
  } catch (error) {
    throw error instanceof AppError ? error : corrupt();
  }
}

function bagCertificate(bag: forge.pkcs12.Bag): X509Certificate {
  return parseCertificate(bagDer(bag, () => (bag.cert ? pki.certificateToAsn1(bag.cert) : null)));
}

function bagKey(bag: forge.pkcs12.Bag): KeyObject {
  const der = bagDer(bag, () => (bag.key ? pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(bag.key)) : null));
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new AppError(
      'KEY_FILE_CORRUPT',
      'A private key inside the PKCS#12 keystore could not be read.',
      'The keystore may be damaged or hold a key type jwt-connect does not read. Export it again.',
    );
  }
}

const friendlyName = (bag: forge.pkcs12.Bag | undefined) => nameOrUndefined(bag?.attributes?.friendlyName?.[0]);

function fits(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

export function readPkcs12(bytes: Buffer, password: string | undefined): Pkcs12Entry[] {
  // Iteration counts in the clear (MAC, encrypted contents, shrouded keys) are checked before forge
  // derives anything; counts inside encrypted contents are checked by the hooks in forge.ts.
  admitVisibleWorkFactors(bytes, { pfx: true });
  let der: forge.asn1.Asn1;
  try {
    der = asn1.fromDer(bytes.toString('binary'), false);
  } catch {
    throw new AppError(
      'KEY_FILE_CORRUPT',
      'The PKCS#12 keystore is damaged or cut off before its end.',
      'Copy or export the keystore again; check the whole file arrived.',
    );
  }
  let pfx: forge.pkcs12.Pkcs12Pfx;
  if (password) {
    pfx = decode(der, password);
  } else {
    // openssl pkcs12 -export -passout pass: writes files whose password is empty: they open without one.
    try {
      pfx = decode(der, '');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'WRONG_PASSWORD' || error.code === 'KEY_FILE_CORRUPT')) {
        throw new AppError(
          'PASSWORD_REQUIRED',
          'This PKCS#12 keystore needs its password to be read.',
          'Enter the Key Store Password.',
        );
      }
      throw error;
    }
  }
  const bags = pfx.safeContents.flatMap((c) => c.safeBags);
  assertCount('entries (PKCS#12 bags)', bags.length, LIMITS.maxEntries);
  const keyBags = bags.filter((b) => b.type === pki.oids.pkcs8ShroudedKeyBag || b.type === pki.oids.keyBag);
  const certBags = bags.filter((b) => b.type === pki.oids.certBag);
  const certificates = new Map(certBags.map((bag) => [bag, bagCertificate(bag)] as const));
  const used = new Set<forge.pkcs12.Bag>();

  const entries: Pkcs12Entry[] = keyBags.map((bag, index) => {
    const key = bagKey(bag);
    const id = localKeyId(bag);
    // A key's certificate shares its localKeyId; files without ids get the certificate that fits the key.
    const leaf =
      certBags.find((c) => id !== undefined && localKeyId(c) === id) ??
      certBags.find((c) => !used.has(c) && fits(certificates.get(c) as X509Certificate, key));
    if (leaf) used.add(leaf);
    const name = friendlyName(bag) ?? friendlyName(leaf);
    return {
      alias: name ?? String(index + 1),
      kind: 'privateKey',
      key,
      certificates: leaf ? [certificates.get(leaf) as X509Certificate] : [],
    };
  });
  for (const bag of certBags) {
    if (used.has(bag)) continue;
    entries.push({
      alias: friendlyName(bag) ?? `certificate ${entries.length + 1}`,
      kind: 'trustedCertificate',
      certificates: [certificates.get(bag) as X509Certificate],
    });
  }
  return entries;
}
