// Every environment variable jwt-connect reads, in one table: its name, what it does and which entry
// points read it. Code refers to a variable through this table (ENV.dataDir.name), never by a string
// of its own, so a rename or a new variable is one line here and docs can list them all.
// Pure data: no Node, no DOM (the window names some of them in its help text).

export type EntryPoint = 'desktop app' | 'browser mode' | 'CLI' | 'demo' | 'bench';

export interface EnvVar {
  readonly name: `JWT_CONNECT_${string}`;
  readonly description: string;
  readonly usedBy: readonly EntryPoint[];
  /** True for a secret: read from the environment so it stays out of process lists and shell history. */
  readonly secret?: boolean;
}

export const ENV = {
  dataDir: {
    name: 'JWT_CONNECT_DATA_DIR',
    description:
      "The data folder (saved connections, secrets, lock, log) instead of the default one: the desktop app's user-data folder (the app, npm start's browser mode and the CLI), or ./.dev-data for npm run dev:web.",
    usedBy: ['desktop app', 'browser mode', 'CLI'],
  },
  secretsPassword: {
    name: 'JWT_CONNECT_SECRETS_PASSWORD',
    description:
      'The secrets password that opens a data folder protected by one (else the CLI asks on a terminal); in a folder with no vault, the one import, org login jwt --alias and secrets-password set protect it with.',
    usedBy: ['CLI'],
    secret: true,
  },
  newSecretsPassword: {
    name: 'JWT_CONNECT_NEW_SECRETS_PASSWORD',
    description:
      'The new secrets password for jwt-connect secrets-password change (the current one comes from JWT_CONNECT_SECRETS_PASSWORD; else both are asked on a terminal).',
    usedBy: ['CLI'],
    secret: true,
  },
  exportPassphrase: {
    name: 'JWT_CONNECT_EXPORT_PASSPHRASE',
    description:
      'The passphrase of an export file: to write one with secrets or signed, and to read one with --from or import.',
    usedBy: ['CLI'],
    secret: true,
  },
  keystorePassword: {
    name: 'JWT_CONNECT_KEYSTORE_PASSWORD',
    description: 'The password of the keystore given with --keystore (or of the PKCS#12 create-certificate writes).',
    usedBy: ['CLI'],
    secret: true,
  },
  keyPassword: {
    name: 'JWT_CONNECT_KEY_PASSWORD',
    description: "The key's own password inside a JKS, when it differs from the keystore password.",
    usedBy: ['CLI'],
    secret: true,
  },
  passphrase: {
    name: 'JWT_CONNECT_PASSPHRASE',
    description:
      'The passphrase of an encrypted private key file given with --private-key (or of the key create-certificate writes).',
    usedBy: ['CLI'],
    secret: true,
  },
  requireSigned: {
    name: 'JWT_CONNECT_REQUIRE_SIGNED',
    description:
      '"1": --from and import refuse any file that is not a signed version-2 export checked with its passphrase (as --require-signed does).',
    usedBy: ['CLI'],
  },
  devVault: {
    name: 'JWT_CONNECT_DEV_VAULT',
    description:
      '"1": an unpackaged app keeps secrets with the development key file instead of the OS keychain (npm run demo sets it). An installed app ignores it.',
    usedBy: ['desktop app', 'demo'],
  },
  demoDir: {
    name: 'JWT_CONNECT_DEMO_DIR',
    description:
      'Where npm run demo keeps its data (default ./.demo-data); JWT_CONNECT_DATA_DIR is ignored there so real data is never touched.',
    usedBy: ['demo'],
  },
  benchRss: {
    name: 'JWT_CONNECT_BENCH_RSS',
    description:
      '"1": the CLI reports its peak memory and CPU time on stderr at exit, for npm run bench on machines without /usr/bin/time.',
    usedBy: ['bench', 'CLI'],
  },
} as const satisfies Record<string, EnvVar>;
