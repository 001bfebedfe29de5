// Starts the local Salesforce emulator as a program: npm run emulator [-- --port 8788]
// It trusts the fixture certificate tests/fixtures/keys/app.crt (the key in every fixture keystore).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SalesforceEmulator } from './salesforce-emulator.js';

export const DEMO_CONSUMER_KEY = '3MVG9DEMO.jwt-connect.local-emulator';
export const DEMO_USERNAME = 'integration@jwt-connect.test';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    certificate: { type: 'string', default: 'tests/fixtures/keys/app.crt' },
  },
});
const emulator = new SalesforceEmulator({
  port: Number(values.port),
  apps: [{ consumerKey: DEMO_CONSUMER_KEY, certificatePem: readFileSync(values.certificate, 'utf8') }],
  users: [
    { username: DEMO_USERNAME, displayName: 'Integration User' },
    { username: 'unapproved@jwt-connect.test', approved: false },
    { username: 'frozen@jwt-connect.test', active: false },
    // Its tokens lack the web scope: Open in Salesforce is refused, as with a Connected App without "web".
    { username: 'api-only@jwt-connect.test', scope: 'api' },
  ],
});
const url = await emulator.start();
process.stdout.write(`Salesforce emulator listening on ${url}
  Consumer Key: ${DEMO_CONSUMER_KEY}
  Username:     ${DEMO_USERNAME}
  Try: node dist/cli.js test --my-domain ${url} --consumer-key ${DEMO_CONSUMER_KEY} --username ${DEMO_USERNAME} --private-key tests/fixtures/keys/app-pkcs8.pem
`);
const stop = () => {
  void emulator.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
