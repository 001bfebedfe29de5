// The API's method names, apart from their zod schemas (api.ts) so that the preload, which needs
// only the names, stays small. api.ts checks at compile time that its table has exactly these keys.
export const API_METHODS = [
  'vaultStatus',
  'listConnections',
  'listRows',
  'getConnection',
  'createConnection',
  'updateConnection',
  'deleteConnection',
  'duplicateConnection',
  'inspectKeyFile',
  'authorise',
  'testConnection',
  'revealToken',
  'exportConnections',
  'importConnections',
  'setAllowWeakVault',
  'createCertificate',
  'exportCertificate',
  'setupFiles',
  'openInSalesforce',
  'restoreStore',
  'startEmpty',
  'importProgress',
  'unlockSecrets',
  'setSecretsPassword',
  'keepTryingProgress',
  'stopKeepTrying',
  'renewCertificate',
  'certificateRequest',
  'rotateKey',
  'finishRotation',
  'createSandboxConnection',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

export const ipcChannel = (method: ApiMethod): string => `jwt-connect:${method}`;
