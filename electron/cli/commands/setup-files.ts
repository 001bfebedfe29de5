// jwt-connect setup-files: the External Client App project for a certificate, ready to deploy.
import { FIELDS } from '../../../shared/fields.js';
import { defineCommand } from '../command.js';
import { CONNECTION_FLAG, SOURCE_FLAGS } from '../flags.js';

export const setupFiles = defineCommand({
  name: 'setup-files',
  summary: "Write the External Client App project for a connection's certificate.",
  usage: [
    'setup-files (--connection NAME | --certificate FILE) --out DIR [--app-name "JWT Connect"] [--json]',
    'setup-files --connection NAME --out DIR [--api-name JWT_Connect] [--permission-set JWT_Connect_Access] [--contact-email E] [--api-version 64.0] [--admin-org ALIAS] [--force]',
  ],
  description: `Writes a Salesforce DX project (sfdx-project.json, manifest/package.xml) holding an External Client App that allows
the JWT bearer flow with this certificate, an empty permission set its policies pre-authorize, and README.md with the
next commands for this connection (deploy, assign the permission set, read back the consumer key, wait, Authorise). No
consumer key, secret or oauthLink is written. --certificate takes a PEM or DER certificate, a PEM key file with its
certificate, or a keystore (--keystore-password, --certificate-name). An existing --out folder must be empty unless
--force.`,
  arguments: [],
  flags: {
    ...SOURCE_FLAGS,
    ...CONNECTION_FLAG,
    certificate: {
      type: 'string',
      value: 'FILE',
      description:
        'A certificate file (PEM, DER, a PEM key with its certificate, or a keystore) instead of a saved connection.',
    },
    'keystore-password': {
      type: 'string',
      value: 'P',
      env: FIELDS.keyStorePassword.env,
      description: "The keystore's password, when --certificate is a keystore.",
    },
    'certificate-name': {
      type: 'string',
      value: 'NAME',
      aliases: ['key-alias'],
      description: 'The keystore entry, when --certificate is a keystore with several.',
    },
    'app-name': { type: 'string', value: 'NAME', description: "The app's label in Setup (default JWT Connect)." },
    'api-name': { type: 'string', value: 'NAME', description: "The app's API name." },
    'permission-set': { type: 'string', value: 'NAME', description: 'The permission set its policies pre-authorize.' },
    'contact-email': { type: 'string', value: 'EMAIL', description: "The app's contact email." },
    'api-version': { type: 'string', value: 'N.0', description: 'The metadata API version.' },
    'admin-org': {
      type: 'string',
      value: 'ALIAS',
      description: "The sf alias of the org to deploy to, used in the README's commands.",
    },
    out: { type: 'string', value: 'DIR', description: 'The folder to write.' },
    force: { type: 'boolean', description: 'Write into a folder that is not empty.' },
  },
  exclusive: [
    ['from', 'data-dir'],
    ['connection', 'certificate'],
  ],
  async run({ values, io }) {
    return (await import('../setup-files.js')).setupFilesCommand(values, io);
  },
});
