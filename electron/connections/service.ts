// The connection service: the API contract (shared/api.ts), one method per operation, each
// handing over to the module that holds its concern: list.ts (the list), saved.ts (saved connections), runs.ts
// (Authorise / Test Connection), transfer.ts (export / import). Plain Node: the platform (fetch,
// vault cipher, clock) is passed in.
import type { ApiInput, ApiService } from '../../shared/api.js';
import type { VaultStatus } from '../../shared/connection.js';
import { AppError } from '../../shared/errors.js';
import { ServiceContext, type ConnectionServiceDeps } from './context.js';
import * as list from './list.js';
import { openInSalesforce } from './open-org.js';
import * as runs from './runs.js';
import * as saved from './saved.js';
import * as secretsPassword from './secrets-password.js';
import * as transfer from './transfer.js';

export type { ConnectionServiceDeps, InspectInput } from './context.js';
export type { RunInput } from './runs.js';

export class ConnectionService implements ApiService {
  private readonly ctx: ServiceContext;
  /** The secrets password, where the entry point offers it (its Vault must choose through it). */
  private readonly password: secretsPassword.SecretsPassword | undefined;

  constructor(deps: ConnectionServiceDeps & { secretsPassword?: secretsPassword.SecretsPassword }) {
    this.ctx = new ServiceContext(deps);
    this.password = deps.secretsPassword;
    const { repository, vault, secretFiles } = this.ctx;
    vault.setAllowWeak(repository.allowWeakVault);
    // Only a store that loaded cleanly knows every secrets file in use; a moved-aside one may point at others.
    if (!repository.problem) {
      secretFiles.sweep(new Set(repository.all().flatMap((c) => (c.secretsRef ? [c.secretsRef] : []))));
    }
  }

  vaultStatus(): VaultStatus & { storeProblem?: { code: string; message: string; hint: string } } {
    const problem = this.ctx.repository.problem;
    return { ...this.ctx.vault.status(), ...this.password?.status(), ...(problem && { storeProblem: { code: problem.code, message: problem.message, hint: problem.hint } }) };
  }

  async unlockSecrets({ password }: ApiInput<'unlockSecrets'>) {
    await secretsPassword.unlockSecrets(this.ctx, this.passwordVault(), password);
    return this.vaultStatus();
  }

  async setSecretsPassword({ password, currentPassword }: ApiInput<'setSecretsPassword'>) {
    await secretsPassword.setSecretsPassword(this.ctx, this.passwordVault(), password, currentPassword);
    return this.vaultStatus();
  }

  private passwordVault(): secretsPassword.SecretsPassword {
    if (!this.password) throw new AppError('VAULT_UNAVAILABLE', 'A secrets password cannot be used here.', 'Open these connections in the jwt-connect app.');
    return this.password;
  }

  listConnections(query?: ApiInput<'listConnections'>) { return list.listConnections(this.ctx, query); }
  getConnection({ id }: ApiInput<'getConnection'>) { return this.ctx.view(this.ctx.stored(id)); }
  revealToken({ id }: ApiInput<'revealToken'>) { return saved.revealToken(this.ctx, id); }
  inspectKeyFile(input: ApiInput<'inspectKeyFile'>) { return saved.inspectKeyFile(this.ctx, input); }
  exportCertificate(input: ApiInput<'exportCertificate'>) { return saved.exportCertificate(this.ctx, input); }
  createCertificate(input: ApiInput<'createCertificate'>) { return saved.createCertificate(this.ctx, input); }
  createConnection(draft: ApiInput<'createConnection'>) { return saved.createConnection(this.ctx, draft); }
  updateConnection({ id, draft }: ApiInput<'updateConnection'>) { return saved.updateConnection(this.ctx, id, draft); }
  deleteConnection({ id }: ApiInput<'deleteConnection'>) { return saved.deleteConnection(this.ctx, id); }
  duplicateConnection({ id }: ApiInput<'duplicateConnection'>) { return saved.duplicateConnection(this.ctx, id); }
  setAllowWeakVault({ allow }: ApiInput<'setAllowWeakVault'>) { return saved.setAllowWeakVault(this.ctx, allow); }
  authorise(input: ApiInput<'authorise'>) { return runs.authorise(this.ctx, input); }
  testConnection(input: ApiInput<'testConnection'>) { return runs.testConnection(this.ctx, input); }
  openInSalesforce(input: ApiInput<'openInSalesforce'>) { return openInSalesforce(this.ctx, input); }
  exportConnections(input: ApiInput<'exportConnections'>) { return transfer.exportConnections(this.ctx, input); }
  importConnections(input: ApiInput<'importConnections'>) { return transfer.importConnections(this.ctx, input); }
}
