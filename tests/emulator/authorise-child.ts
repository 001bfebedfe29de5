// A tiny program for tests: authorise() with createNodeFetch(process.env), so the proxy variables
// and NODE_EXTRA_CA_CERTS are read the way the CLI's process reads them (at start, from the real
// environment). Prints one JSON line: {"ok":true,"instanceUrl":…} or {"ok":false,"error":{…}}.
// Usage: tsx tests/emulator/authorise-child.ts <my-domain-url> <consumer-key> <username> <key-file>
import { readFileSync } from 'node:fs';
import { toErrorInfo } from '../../shared/errors.js';
import { loadSigningKey } from '../../electron/keys/load.js';
import { authorise } from '../../electron/salesforce/authorise.js';
import { createNodeFetch } from '../../electron/salesforce/node-fetch.js';

const [myDomainUrl, consumerKey, username, keyFile] = process.argv.slice(2) as [string, string, string, string];
try {
  const { key } = await loadSigningKey({ bytes: readFileSync(keyFile) });
  const result = await authorise(
    { key, consumerKey, username, environment: 'mydomain', myDomainUrl, timeoutSeconds: 10 },
    { fetch: createNodeFetch(process.env) },
  );
  process.stdout.write(
    `${JSON.stringify({ ok: true, instanceUrl: result.instanceUrl, tokenLength: result.accessToken.length })}\n`,
  );
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: toErrorInfo(error) })}\n`);
}
