// What `jwt-connect --help` and `jwt-connect COMMAND --help` print.

const KEY = `<key>, one of:
  --private-key FILE [--passphrase P]          (sf: --jwt-key-file, -f)
  --keystore FILE --keystore-password P [--alias NAME] [--key-password P]`;

const LOGIN = `<login>:
  --consumer-key KEY                   the Connected App's Consumer Key (sf: --client-id, -i)
  --username USER                      the Salesforce username to log in as
  --environment production|sandbox     (default: production)
  --my-domain URL                      token host and first audience
  --instance-url URL                   as in sf (-r): login.salesforce.com = production,
                                       test.salesforce.com = sandbox, any other URL = --my-domain
  --audience URL                       explicit audience, no retry
  --timeout SECONDS                    default 30`;

const SOURCE = `Where saved connections come from:
  --data-dir DIR        a jwt-connect data folder (default: $JWT_CONNECT_DATA_DIR, else the desktop
                        app's own folder: ~/.config/jwt-connect, ~/Library/Application Support/jwt-connect,
                        %APPDATA%\\jwt-connect)
  --from FILE           an export file made with Export (secrets opened with
                        $JWT_CONNECT_EXPORT_PASSPHRASE, or asked for on a terminal); nothing is written
NAME matches a saved connection's name, ignoring case.`;

const ENV = `Passwords may come from the environment instead of the command line:
  JWT_CONNECT_KEYSTORE_PASSWORD, JWT_CONNECT_KEY_PASSWORD, JWT_CONNECT_PASSPHRASE
  JWT_CONNECT_SECRETS_PASSWORD (opens a data folder protected by a secrets password)
  JWT_CONNECT_EXPORT_PASSPHRASE (export files with secrets)`;

const EXIT = 'Exit codes: 0 ok, 2 bad input, 3 network, 4 Salesforce refused, 1 unexpected.';

export const COMMAND_HELP: Record<string, string> = {
  authorise: `Usage:
  jwt-connect authorise <key> <login> [--json]
  jwt-connect authorise --connection NAME [flags that override saved fields] [--json]

Logs in with the JWT bearer flow and prints the access token. With --connection, the saved connection's
fields are used; flags given override them for this run only (flag > environment variable > saved) and
are never saved. A run without overrides records its result on the saved connection, as the window does.

${KEY}
${LOGIN}

${SOURCE}

${ENV}

${EXIT}`,
  test: `Usage:
  jwt-connect test <key> <login> [--json]
  jwt-connect test --connection NAME [overrides] [--json]
  jwt-connect test --all [--filter TEXT] [--concurrency 4] [--fail-on-expiring DAYS] [--json]

Logs in (or reuses the saved token), then reads the user, the organization and the API limits.
--all tests every saved connection (or those whose name, description or username contains --filter),
--concurrency at a time; on a terminal a line appears as each one finishes, then a summary table that
names the certificates that have expired or end within 30 days (or DAYS).
Exit code of --all: 0 when all passed; else 4 if any was refused by Salesforce, else 3 if any failed on
the network, else 2 (bad input, e.g. secrets that cannot be opened here), else 1. With
--fail-on-expiring DAYS, a run where all passed exits 5 when any certificate has expired or has DAYS
days left or fewer (the morning check in CI).

${KEY}
${LOGIN}

${SOURCE}

${EXIT}`,
  inspect: `Usage:
  jwt-connect inspect <key> [--json]

Shows the key file's format, its entries and their certificates, without logging in.

${KEY}

${EXIT}`,
  'create-certificate': `Usage:
  jwt-connect create-certificate --common-name CN [--organization O] [--days 365] [--bits 2048|3072|4096]
                        [--out-dir DIR] [--name BASENAME] [--passphrase P]
                        [--pkcs12 --keystore-password P [--alias NAME]] [--force] [--json]

Writes BASENAME.key (PKCS#8, encrypted with --passphrase if given), BASENAME.crt (upload it to the
Connected App) and, with --pkcs12, BASENAME.p12. Existing files are kept unless --force is given; with
--force they are replaced (never written through a symbolic link) and the key and .p12 are made
readable by you only (mode 0600).

${EXIT}`,
  'setup-files': `Usage:
  jwt-connect setup-files (--connection NAME | --certificate FILE) --app-name "JWT Connect"
                        [--api-name JWT_Connect] [--permission-set JWT_Connect_Access] [--contact-email E]
                        [--api-version 64.0] [--admin-org ALIAS] --out DIR [--force] [--json]

Writes a Salesforce DX project (sfdx-project.json, manifest/package.xml) holding an External Client App
that allows the JWT bearer flow with this certificate, an empty permission set its policies
pre-authorize, and README.md with the next commands for this connection (deploy, assign the permission
set, read back the consumer key, wait, Authorise). No consumer key, secret or oauthLink is written.
--certificate takes a PEM or DER certificate, a PEM key file with its certificate, or a keystore
(--keystore-password, --certificate-name). An existing --out folder must be empty unless --force.

${SOURCE}

${EXIT}`,
  list: `Usage:
  jwt-connect list [--filter TEXT] [--data-dir DIR | --from FILE] [--json]

Lists saved connections: name, environment, username, last Authorise and Test results, certificate
days left, and whether their secrets can be opened here.

${SOURCE}`,
  token: `Usage:
  jwt-connect token NAME [--env | --json] [overrides]

Prints only the access token, so that  curl -H "Authorization: Bearer $(jwt-connect token UAT)" …  works.
A stored token is reused while Salesforce still accepts it (one GET of the identity URL); otherwise a new
one is issued and stored. --env prints SF_ACCESS_TOKEN=… and SF_INSTANCE_URL=… lines (shell-quoted) for
eval "$(jwt-connect token UAT --env)".

${SOURCE}

${EXIT}`,
  open: `Usage:
  jwt-connect open NAME [--path /lightning/setup/SetupOneHome/home] [--url-only]

Opens the org in the browser, signed in, through a single-use front-door URL (the token itself never
appears in a URL). --url-only prints the URL instead of opening it.

${SOURCE}

${EXIT}`,
  export: `Usage:
  jwt-connect export FILE [--with-secrets] [--connection NAME]... [--force] [--data-dir DIR]

Writes the saved connections (or the named ones) to FILE. --with-secrets adds their passwords and keys,
encrypted with a passphrase from $JWT_CONNECT_EXPORT_PASSPHRASE or asked for on a terminal (it does not
echo). Access tokens are never exported.

${EXIT}`,
  import: `Usage:
  jwt-connect import FILE [--data-dir DIR]

Adds the connections in an export file to the data folder (a name already taken gets " (imported)").
Secrets are opened with $JWT_CONNECT_EXPORT_PASSPHRASE or a passphrase asked for on a terminal.

${EXIT}`,
  'renew-certificate': `Usage:
  jwt-connect renew-certificate NAME [--days 365] [--out FILE] [--keystore-out FILE] [--force] [--json]
  jwt-connect renew-certificate NAME --csr [--out FILE]

Issues a new self-signed certificate for the saved connection's own key (same subject, new serial and
dates), saves it with the connection and writes it to FILE (default: its name in this folder). Nothing
has to change in Salesforce for logins to go on: upload the new certificate when convenient.
--keystore-out FILE: for a keystore connection, also a PKCS#12 with the same key and the new
certificate (same password). A certificate signed by a CA is not re-issued: --csr writes a certificate
signing request for the same key, to send to that CA.

${SOURCE}

${EXIT}`,
  'rotate-key': `Usage:
  jwt-connect rotate-key NAME [--bits 2048|3072|4096] [--days N] [--out-dir DIR] [--app-name NAME] [--force] [--json]
  jwt-connect rotate-key NAME --finish [--force]

Makes a new key and certificate for the saved connection and keeps the current key as its fallback.
Writes the new certificate (and for a keystore connection the new .p12) to DIR, with the External
Client App setup files for the new certificate in DIR/salesforce-setup. Until a login with the new key
works, every login tries it first and, when Salesforce answers invalid assertion or invalid client
credentials, once more with the previous key. --finish removes the previous key once the new one has
logged in (--force: before that too).

${SOURCE}

${EXIT}`,
};

export const USAGE = `jwt-connect: Salesforce logins with the OAuth 2.0 JWT bearer flow.

Usage:
  jwt-connect authorise <key> <login> [--json]        log in, print the access token
  jwt-connect test      <key> <login> [--json]        log in and read user, org and limits
  jwt-connect inspect   <key> [--json]                what is in a key file
  jwt-connect create-certificate --common-name CN …   a new key and certificate for a Connected App
  jwt-connect setup-files --connection NAME --out DIR  the External Client App, ready to deploy with sf

Saved connections (the desktop app's, a --data-dir, or an export file given with --from):
  jwt-connect list                                    [--json]
  jwt-connect authorise --connection NAME [overrides] [--json]
  jwt-connect test      --connection NAME [overrides] [--json]
  jwt-connect test      --all [--filter TEXT] [--concurrency 4] [--json]
  jwt-connect token     NAME [--env | --json]
  jwt-connect open      NAME [--url-only] [--path /lightning/setup/…]
  jwt-connect export    FILE [--with-secrets] [--connection NAME…]
  jwt-connect import    FILE
  jwt-connect renew-certificate NAME [--days 365] [--out FILE] [--csr]
  jwt-connect rotate-key NAME [--bits 2048] [--days N] [--out-dir DIR] | --finish

${KEY}
${LOGIN}

Run jwt-connect COMMAND --help for a command's flags. jwt-connect --version prints the version.
Run with no arguments, jwt-connect prints this text and exits 0 (as sf does).

${ENV}

${EXIT}`;
