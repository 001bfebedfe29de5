#!/usr/bin/env bash
# Regenerates tests/fixtures/keys with the real tools users have: OpenSSL 3 and keytool (OpenJDK 17).
# The outputs are committed because a user's (or CI's) machine may have no Java.
# Run from the repository root: bash scripts/make-fixtures.sh
set -euo pipefail
out=tests/fixtures/keys
rm -rf "$out"; mkdir -p "$out"; cd "$out"

STORE=storepass KEYPASS=keypass PHRASE=passphrase
subj() { echo "/CN=$1/O=jwt-connect fixtures"; }

# The Connected App's key and certificate: every keystore below carries this key, so each format
# can authorise against the local emulator.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out app-pkcs8.pem 2>/dev/null
openssl req -new -x509 -key app-pkcs8.pem -days 3650 -subj "$(subj app.jwt-connect.test)" -out app.crt
openssl rsa -in app-pkcs8.pem -traditional -out app-pkcs1.pem 2>/dev/null
openssl pkcs8 -topk8 -in app-pkcs8.pem -v2 aes-256-cbc -passout pass:$PHRASE -out app-pkcs8-encrypted.pem
openssl pkcs8 -topk8 -in app-pkcs8.pem -v1 PBE-SHA1-3DES -passout pass:$PHRASE -out app-pkcs8-encrypted-3des.pem
openssl rsa -in app-pkcs8.pem -traditional -aes256 -passout pass:$PHRASE -out app-legacy-encrypted.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in app-pkcs8.pem -outform DER -out app-pkcs8.der
openssl rsa -in app-pkcs8.pem -traditional -outform DER -out app-pkcs1.der 2>/dev/null
openssl pkcs8 -topk8 -in app-pkcs8.pem -v2 aes-256-cbc -passout pass:$PHRASE -outform DER -out app-pkcs8-encrypted.der
# scrypt as openssl writes it (N=16384, r=8, p=1), and PBKDF2 at exactly jwt-connect's cap (1,000,000
# iterations, ~0.3 s): costly but allowed, used to show the window stays responsive while it is read.
openssl pkcs8 -topk8 -in app-pkcs8.pem -scrypt -passout pass:$PHRASE -out app-pkcs8-encrypted-scrypt.pem
openssl pkcs8 -topk8 -in app-pkcs8.pem -v2 aes-256-cbc -iter 1000000 -passout pass:$PHRASE -out app-pkcs8-encrypted-1m.pem
# What files in the wild look like: UTF-8 BOM, CRLF, blank lines around; certificate and key together.
{ printf '\xef\xbb\xbf\r\n\r\n'; sed 's/$/\r/' app-pkcs8.pem; printf '\r\n\r\n'; } > app-bom-crlf.pem
cat app.crt app-pkcs8.pem > app-combined.pem
# A second RSA key, not the app's: its certificate does not match the app key.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other-pkcs8.pem 2>/dev/null
openssl req -new -x509 -key other-pkcs8.pem -days 365 -subj "$(subj other.jwt-connect.test)" -out other.crt
cat other.crt app-pkcs8.pem > mismatch-combined.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out rsa4096.pem 2>/dev/null
# Keys Salesforce's JWT flow does not take.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem
openssl genpkey -algorithm ED25519 -out ed25519.pem
openssl req -new -x509 -key ec.pem -days 365 -subj "$(subj ec.jwt-connect.test)" -out ec.crt
# Broken files.
head -c 900 app-pkcs8.pem > truncated.pem
head -c 700 app-pkcs8.der > truncated.der
awk 'NR==5{ $0=substr($0,1,10) "!!!!" substr($0,15) } {print}' app-pkcs8.pem > corrupt-base64.pem
echo "This is not a key. It is a shopping list: milk, eggs." > not-a-key.txt
printf '<!DOCTYPE html><html><body>Sign in to the proxy</body></html>\n' > proxy-page.html
: > empty.key

# PKCS#12 from OpenSSL 3: default (PBES2/AES-256) and -legacy (RC2/3DES), with and without friendlyName,
# and with a non-ASCII password (OpenSSL uses its UTF-8 bytes).
openssl pkcs12 -export -inkey app-pkcs8.pem -in app.crt -name "My App" -passout pass:$STORE -out openssl-default.p12
openssl pkcs12 -export -legacy -inkey app-pkcs8.pem -in app.crt -name "My App" -passout pass:$STORE -out openssl-legacy.p12
openssl pkcs12 -export -inkey app-pkcs8.pem -in app.crt -passout pass:$STORE -out openssl-no-friendlyname.pfx
openssl pkcs12 -export -inkey app-pkcs8.pem -in app.crt -name "My App" -passout 'pass:pässwörd€' -out openssl-unicode-password.p12
openssl pkcs12 -export -inkey ec.pem -in ec.crt -name ec -passout pass:$STORE -out ec.p12
# An empty export password (users press Enter at the prompt): it must open without a password.
openssl pkcs12 -export -inkey app-pkcs8.pem -in app.crt -name "My App" -passout pass: -out openssl-empty-password.p12

# keytool. Import the app key through PKCS#12, then write each store type keytool can.
kt() { keytool "$@" 2>&1 | grep -v -e '^Importing keystore' -e 'successfully imported' -e 'Warning' -e 'migrate to PKCS12' -e '^$' -e 'entries successfully' -e 'keytool -importkeystore' >&2 || true; }
# keytool >= 9 writes PKCS#12 by default, even into a file named .jks.
kt -importkeystore -srckeystore openssl-default.p12 -srcstoretype PKCS12 -srcstorepass $STORE -srcalias "my app" \
   -destkeystore keytool-default.jks -deststorepass $STORE -destalias myapp
# Real JKS, one key, one password for store and key (like Salesforce's "Export to Keystore").
kt -importkeystore -srckeystore openssl-default.p12 -srcstoretype PKCS12 -srcstorepass $STORE -srcalias "my app" \
   -destkeystore single.jks -deststoretype JKS -deststorepass $STORE -destalias myapp
# Real JKS, several keys with different key passwords, and a trusted certificate entry.
kt -importkeystore -srckeystore openssl-default.p12 -srcstoretype PKCS12 -srcstorepass $STORE -srcalias "my app" \
   -destkeystore multi.jks -deststoretype JKS -deststorepass $STORE -destalias app -destkeypass $KEYPASS
kt -genkeypair -keystore multi.jks -storetype JKS -storepass $STORE -alias second -keyalg RSA -keysize 2048 \
   -dname "CN=second.jwt-connect.test" -keypass $STORE -validity 365
kt -genkeypair -keystore multi.jks -storetype JKS -storepass $STORE -alias Integration_User -keyalg RSA -keysize 2048 \
   -dname "CN=integration.jwt-connect.test" -keypass $STORE -validity 10
kt -importcert -noprompt -keystore multi.jks -storetype JKS -storepass $STORE -alias salesforce-ca -file other.crt
# JCEKS.
kt -importkeystore -srckeystore openssl-default.p12 -srcstoretype PKCS12 -srcstorepass $STORE -srcalias "my app" \
   -destkeystore app.jceks -deststoretype JCEKS -deststorepass $STORE -destalias myapp
# JCEKS with a secret (AES) key beside the private key. A secret entry is a serialized Java object we
# cannot step over; keytool's hash order puts it after "myapp" but before "app".
for alias in myapp app; do
  target=$([ "$alias" = myapp ] && echo secret-key.jceks || echo secret-first.jceks)
  kt -importkeystore -srckeystore openssl-default.p12 -srcstoretype PKCS12 -srcstorepass $STORE -srcalias "my app" \
     -destkeystore $target -deststoretype JCEKS -deststorepass $STORE -destalias $alias
  kt -genseckey -keystore $target -storetype JCEKS -storepass $STORE -alias aes-secret -keyalg AES -keysize 128 -keypass $STORE
done
# A keystore with only a trusted certificate.
kt -importcert -noprompt -keystore certs-only.jks -storetype JKS -storepass $STORE -alias salesforce-ca -file app.crt
# An EC key in JKS.
kt -genkeypair -keystore ec.jks -storetype JKS -storepass $STORE -alias eckey -keypass $STORE -keyalg EC -groupname secp256r1 \
   -dname "CN=ec.jwt-connect.test" -validity 365
head -c 1200 single.jks > truncated.jks

cd - >/dev/null
# Files keytool and openssl cannot make on demand: a JKS whose PKCS#8 carries an attributes field (as in
# real Salesforce exports), and certificates that are expired or about to expire.
node scripts/make-special-fixtures.mjs "$out"
# Prove Java reads the hand-built JKS.
keytool -list -keystore "$out/attributes.jks" -storetype JKS -storepass $STORE >/dev/null
ls "$out"
