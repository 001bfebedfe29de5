// Saves connections as fast as it can and acknowledges each save on stdout, until killed.
import { openNodeServices } from '../../electron/connections/open-node.js';

const dataDir = process.argv[2] as string;
const prefix = process.argv[3] as string;
const { service } = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch } });
if (service.vaultStatus().storeProblem) {
  process.stdout.write(`problem ${JSON.stringify(service.vaultStatus().storeProblem)}\n`);
  process.exit(3);
}
for (let i = 0; ; i++) {
  const name = `${prefix}-${i}`;
  const { id } = await service.createConnection({
    name,
    encryption: 'privateKey',
    consumerKey: 'ck',
    username: `u${i}@example.com`,
    environment: 'production',
    secrets: { passphrase: `secret-${i}` },
  });
  // an update too, so a kill can land in the middle of either kind of write
  await service.updateConnection({
    id: id,
    draft: {
      name,
      description: `updated ${i}`,
      encryption: 'privateKey',
      consumerKey: 'ck',
      username: `u${i}@example.com`,
      environment: 'production',
      secrets: {},
    },
  });
  process.stdout.write(`saved ${name}\n`);
}
