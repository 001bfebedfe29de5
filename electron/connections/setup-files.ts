// The window's "Salesforce setup files…": the External Client App project for a connection's
// certificate, zipped into one download. The certificate is read here, in main, from the picked or
// saved key file; the window sends only the names it shows.
import type { ApiInput, ApiOutputs } from '../../shared/api.js';
import { buildZip, filesFor, resolveSetupOptions, type SetupConnectionFacts } from '../salesforce/eca-setup/index.js';
import type { ServiceContext } from './context.js';

export async function setupFiles(
  ctx: ServiceContext,
  input: ApiInput<'setupFiles'>,
): Promise<ApiOutputs['setupFiles']> {
  const saved = input.id ? ctx.stored(input.id) : undefined;
  const certificate = await ctx.keys.certificateOf(ctx.keySourceFor(input));
  const connection: SetupConnectionFacts | undefined =
    input.connection ??
    (saved && {
      name: saved.name,
      username: saved.username,
      environment: saved.environment,
      myDomainUrl: saved.myDomainUrl,
    });
  const resolved = resolveSetupOptions({
    certificatePem: certificate.toString(),
    appName: input.appName,
    apiName: input.apiName,
    permissionSet: input.permissionSet,
    contactEmail: input.contactEmail,
    apiVersion: input.apiVersion,
    connection,
  });
  const files = filesFor(resolved);
  const folder = `${resolved.apiName}-salesforce-setup`;
  const zip = buildZip(
    files.map((f) => ({ path: `${folder}/${f.path}`, content: f.content })),
    ctx.now(),
  );
  return {
    fileName: `${folder}.zip`,
    base64: zip.toString('base64'),
    folder,
    files: files.map((f) => f.path),
    apiName: resolved.apiName,
    permissionSet: resolved.permissionSet,
  };
}
