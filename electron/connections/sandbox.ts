// "New sandbox connection…": a sandbox of a production connection, with the same key (saved or not,
// the renderer never holds it), the sandbox's My Domain and username proposed, and an empty consumer
// key: a sandbox's External Client App has its own.
import { AppError } from '../../shared/errors.js';
import type { ConnectionSecrets, ConnectionView } from '../../shared/connection.js';
import { proposeSandbox } from '../../shared/lifecycle.js';
import type { ServiceContext } from './context.js';
import type { StoredConnection } from './repository.js';

export interface SandboxInput {
  id: string;
  sandboxName: string;
  name?: string | undefined;
  myDomainUrl?: string | undefined;
  username?: string | undefined;
}

export function createSandboxConnection(ctx: ServiceContext, input: SandboxInput): ConnectionView {
  ctx.repository.assertWritable();
  const source = ctx.stored(input.id);
  const sbx = input.sandboxName.trim();
  if (!/^[A-Za-z][A-Za-z0-9]{0,9}$/.test(sbx)) {
    throw new AppError(
      'BAD_INPUT',
      'A sandbox name is letters and digits, starting with a letter, at most 10 characters.',
      'Use the sandbox name as Setup → Sandboxes lists it, e.g. uat.',
      { field: 'sandboxName' },
    );
  }
  const proposed = proposeSandbox(source, sbx);
  const myDomainUrl = input.myDomainUrl?.trim() || proposed.myDomainUrl;
  const username = input.username?.trim() || proposed.username || '';
  const readable = ctx.readableSecretsOf(source);
  // The key and its passwords only: a token, a rotation's previous key and the org belong to production.
  const { accessToken: _t, previousKey: _p, ...key } = readable.secrets ?? {};
  const secrets: ConnectionSecrets = key;
  const name = input.name?.trim() || ctx.freeName(`${source.name} (${sbx.toLowerCase()})`);
  ctx.assertNameFree(name);
  const now = ctx.now().toISOString();
  const record: StoredConnection = {
    name,
    description: `Sandbox ${sbx.toLowerCase()} of ${source.name}`.slice(0, 2000),
    connectionType: source.connectionType,
    authType: source.authType,
    encryption: source.encryption,
    consumerKey: '',
    username,
    environment: myDomainUrl ? 'mydomain' : 'sandbox',
    ...(myDomainUrl && { myDomainUrl }),
    ...(source.timeoutSeconds && { timeoutSeconds: source.timeoutSeconds }),
    ...(source.certificateName && { certificateName: source.certificateName }),
    ...(source.keyFile && key.keyMaterial && { keyFile: source.keyFile }),
    isSandbox: true,
    id: ctx.newId(),
    createdAt: now,
    updatedAt: now,
  };
  ctx.save([[record, secrets]]);
  const view = ctx.view(ctx.stored(record.id));
  const notice = readable.problem
    ? `Made without the key: ${readable.problem.message} Pick the key file in the new connection.`
    : "Fill in the Consumer Key of the sandbox's own External Client App (a sandbox's app has its own).";
  return { ...view, notice };
}
