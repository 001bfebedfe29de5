// The connection service: the API contract (shared/api.ts), one method per operation, each
// handing over to the module that holds its concern: list.ts (the list), saved.ts (saved connections), runs.ts
// (Authorise / Test Connection), transfer.ts (export / import). Plain Node: the platform (fetch,
// vault cipher, clock) is passed in.
import type { ApiInput, ApiOutputs, ApiService } from '../../shared/api.js';
import { AppError } from '../../shared/errors.js';
import { ServiceContext, type ConnectionServiceDeps } from './context.js';
import * as list from './list.js';
import * as defaults from './default-connection.js';
import { openInSalesforce } from './open-org.js';
import { restoreStore, startEmpty } from './restore.js';
import { startUp } from './startup.js';
import * as runs from './runs.js';
import * as saved from './saved.js';
import * as secretsPassword from './secrets-password.js';
import { setupFiles } from './setup-files.js';
import * as transfer from './transfer.js';
import * as certificates from './certificates.js';
import { createSandboxConnection } from './sandbox.js';
import { acceptedStoredToken } from './session-token.js';

export type { ConnectionServiceDeps } from './context.js';

export class ConnectionService implements ApiService {
  private readonly ctx: ServiceContext;
  /** The secrets password, where the entry point offers it (its Vault must choose through it). */
  private readonly password: secretsPassword.SecretsPassword | undefined;

  constructor(deps: ConnectionServiceDeps & { secretsPassword?: secretsPassword.SecretsPassword }) {
    this.ctx = new ServiceContext(deps);
    this.password = deps.secretsPassword;
    const { repository, vault } = this.ctx;
    vault.setAllowWeak(repository.allowWeakVault);
    // Modes, temp files, provably orphaned secrets files, the version-2 re-sealing (see startup.ts).
    startUp(this.ctx);
  }

  vaultStatus(): ApiOutputs['vaultStatus'] {
    const { problem, readOnly } = this.ctx.repository;
    return {
      ...this.ctx.vault.status(),
      ...this.password?.status(),
      ...(problem && {
        storeProblem: {
          code: problem.code,
          message: problem.message,
          hint: problem.hint,
          ...(problem.movedTo && { movedTo: problem.movedTo }),
          ...(problem.restorable !== undefined && { restorable: problem.restorable }),
        },
      }),
      ...(readOnly && { readOnly: { message: readOnly.message, hint: readOnly.hint } }),
    };
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
    if (!this.password)
      throw new AppError(
        'VAULT_UNAVAILABLE',
        'A secrets password cannot be used here.',
        'Open these connections in the jwt-connect app.',
      );
    return this.password;
  }

  restoreStore(_input?: ApiInput<'restoreStore'>) {
    return restoreStore(this.ctx);
  }
  /** The terminal's `restore FILE`: not in the API contract, so no page can name a path to read. */
  restoreStoreFile(path: string) {
    return restoreStore(this.ctx, path);
  }
  startEmpty(_input?: ApiInput<'startEmpty'>) {
    return startEmpty(this.ctx);
  }
  /** The terminal's default connection (not in the API contract: the window does not offer it yet). */
  defaultConnection() {
    return defaults.defaultConnection(this.ctx);
  }
  setDefaultConnection(id: string | null) {
    return defaults.setDefaultConnection(this.ctx, id);
  }
  importProgress(_input?: ApiInput<'importProgress'>) {
    return transfer.importProgress(this.ctx);
  }

  listConnections(query?: ApiInput<'listConnections'>) {
    return list.listConnections(this.ctx, query);
  }
  listRows(query?: ApiInput<'listRows'>) {
    return list.listRows(this.ctx, query);
  }
  getConnection({ id }: ApiInput<'getConnection'>) {
    const c = this.ctx.stored(id);
    this.ctx.readableSecretsOf(c); // one connection: opening its secrets is cheap, and tells a damaged or foreign file
    return this.ctx.view(c);
  }
  revealToken({ id }: ApiInput<'revealToken'>) {
    return saved.revealToken(this.ctx, id);
  }
  /**
   * The terminal's token, exec and sf-login: the stored token while Salesforce accepts it, else undefined
   * (then they Authorise). Not in the API contract: the window shows the stored token and Authorises itself.
   */
  acceptedToken({ id }: { id: string }) {
    return acceptedStoredToken(this.ctx, id);
  }
  inspectKeyFile(input: ApiInput<'inspectKeyFile'>) {
    return saved.inspectKeyFile(this.ctx, input);
  }
  exportCertificate(input: ApiInput<'exportCertificate'>) {
    return saved.exportCertificate(this.ctx, input);
  }
  createCertificate(input: ApiInput<'createCertificate'>) {
    return saved.createCertificate(this.ctx, input);
  }
  setupFiles(input: ApiInput<'setupFiles'>) {
    return setupFiles(this.ctx, input);
  }
  createConnection(draft: ApiInput<'createConnection'>) {
    return saved.createConnection(this.ctx, draft);
  }
  updateConnection({ id, draft }: ApiInput<'updateConnection'>) {
    return saved.updateConnection(this.ctx, id, draft);
  }
  deleteConnection({ id }: ApiInput<'deleteConnection'>) {
    return saved.deleteConnection(this.ctx, id);
  }
  duplicateConnection({ id }: ApiInput<'duplicateConnection'>) {
    return saved.duplicateConnection(this.ctx, id);
  }
  setAllowWeakVault({ allow }: ApiInput<'setAllowWeakVault'>) {
    return saved.setAllowWeakVault(this.ctx, allow);
  }
  /** `hooks`: for callers in this process (the CLI's --wait shows each attempt); IPC passes the input alone. */
  authorise(input: ApiInput<'authorise'>, hooks?: runs.RunHooks) {
    return runs.authorise(this.ctx, input, hooks);
  }
  testConnection(input: ApiInput<'testConnection'>, hooks?: runs.RunHooks) {
    return runs.testConnection(this.ctx, input, hooks);
  }
  keepTryingProgress(_input?: ApiInput<'keepTryingProgress'>) {
    return runs.keepTryingProgress(this.ctx);
  }
  stopKeepTrying(_input?: ApiInput<'stopKeepTrying'>) {
    return runs.stopKeepTrying(this.ctx);
  }
  openInSalesforce(input: ApiInput<'openInSalesforce'>) {
    return openInSalesforce(this.ctx, input);
  }
  exportConnections(input: ApiInput<'exportConnections'>) {
    return transfer.exportConnections(this.ctx, input);
  }
  importConnections(input: ApiInput<'importConnections'>) {
    return transfer.importConnections(this.ctx, input);
  }
  renewCertificate(input: ApiInput<'renewCertificate'>) {
    return certificates.renewCertificate(this.ctx, input);
  }
  certificateRequest(input: ApiInput<'certificateRequest'>) {
    return certificates.certificateRequest(this.ctx, input);
  }
  rotateKey(input: ApiInput<'rotateKey'>) {
    return certificates.rotateKey(this.ctx, input);
  }
  finishRotation(input: ApiInput<'finishRotation'>) {
    return certificates.finishRotation(this.ctx, input);
  }
  createSandboxConnection(input: ApiInput<'createSandboxConnection'>) {
    return createSandboxConnection(this.ctx, input);
  }
}
