// The API contract between the renderer and main: method → input schema (API_INPUTS), and the
// output types. Preload, IPC handlers, the browser dev bridge and the e2e bridge are all generated
// from it; the names alone live in api-methods.ts so the preload does not carry zod.
import { z } from 'zod';
import type { ErrorInfo } from './errors.js';
import {
  ConnectionDraft,
  ListQuery,
  LoginDraft,
  PickedKeyFile,
  type ConnectionView,
  type ImportSummary,
  type ListRow,
  type VaultStatus,
} from './connection.js';
import type { CertificateSummary, KeyFileInfo } from './keys.js';
import { Environment, type AuthoriseResult, type TestConnectionResult } from './salesforce.js';
import type { ApiMethod } from './api-methods.js';
import { KEEP_TRYING_WINDOW_SECONDS, type KeepTryingProgress } from './keep-trying.js';

export { API_METHODS, ipcChannel, type ApiMethod } from './api-methods.js';

const Id = z.object({ id: z.string().min(1).max(100) });
const RunInput = z
  .object({
    id: z.string().min(1).max(100).optional(),
    draft: LoginDraft.optional(),
    /** Keep trying while the app answers "not there yet" (KEEP_TRYING_CODES), for up to this long. */
    keepTrying: z.object({ seconds: z.number().int().min(1).max(KEEP_TRYING_WINDOW_SECONDS) }).optional(),
  })
  .refine((v) => v.id !== undefined || v.draft !== undefined, 'Give a saved connection id or the form');

export const API_INPUTS = {
  vaultStatus: z.object({}).strict().optional(),
  listConnections: ListQuery.optional(),
  listRows: ListQuery.optional(),
  getConnection: Id,
  createConnection: ConnectionDraft,
  updateConnection: z.object({ id: z.string().min(1).max(100), draft: ConnectionDraft }),
  deleteConnection: Id,
  duplicateConnection: Id,
  inspectKeyFile: z
    .object({
      keyFile: PickedKeyFile.optional(),
      storePassword: z.string().max(1000).optional(),
      passphrase: z.string().max(1000).optional(),
      id: z.string().max(100).optional(),
    })
    .refine((v) => v.keyFile !== undefined || v.id !== undefined, 'Give a picked key file or a saved connection id'),
  authorise: RunInput,
  testConnection: RunInput,
  revealToken: Id,
  exportConnections: z.object({
    ids: z.array(z.string().max(100)).max(100_000).optional(),
    includeSecrets: z.boolean(),
    passphrase: z.string().max(1000).optional(),
  }),
  importConnections: z.object({
    text: z.string().max(50_000_000),
    passphrase: z.string().max(1000).optional(),
    skipSecrets: z.boolean().optional(),
    /** Without the passphrase, take a signed file's definitions unchecked (said in the summary's warnings). */
    unchecked: z.boolean().optional(),
    /** Refuse anything but a signed version-2 file checked with its passphrase. */
    requireSigned: z.boolean().optional(),
  }),
  setAllowWeakVault: z.object({ allow: z.boolean() }),
  createCertificate: z.object({
    commonName: z.string().trim().min(1, 'Common Name is required').max(64),
    organization: z.string().trim().max(64).optional(),
    days: z.number().int().min(1).max(3650),
    bits: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]),
    passphrase: z.string().max(1000).optional(),
    pkcs12Password: z.string().max(1000).optional(),
    alias: z.string().trim().max(100).optional(),
  }),
  exportCertificate: z
    .object({
      id: z.string().max(100).optional(),
      keyFile: PickedKeyFile.optional(),
      storePassword: z.string().max(1000).optional(),
      passphrase: z.string().max(1000).optional(),
      alias: z.string().max(200).optional(),
    })
    .refine((v) => v.keyFile !== undefined || v.id !== undefined, 'Give a picked key file or a saved connection id'),
  /** The External Client App setup files for a connection's certificate, as one .zip (see SetupFilesInput). */
  setupFiles: z
    .object({
      id: z.string().max(100).optional(),
      keyFile: PickedKeyFile.optional(),
      storePassword: z.string().max(1000).optional(),
      passphrase: z.string().max(1000).optional(),
      alias: z.string().max(200).optional(),
      appName: z.string().max(1000),
      apiName: z.string().max(1000).optional(),
      permissionSet: z.string().max(1000).optional(),
      contactEmail: z.string().max(1000).optional(),
      apiVersion: z.string().max(20).optional(),
      /** What the form shows (it may be unsaved): for the README's commands. Never the certificate. */
      connection: z
        .object({
          name: z.string().max(200).optional(),
          username: z.string().max(320).optional(),
          environment: Environment.optional(),
          myDomainUrl: z.string().max(500).optional(),
        })
        .optional(),
    })
    .refine((v) => v.keyFile !== undefined || v.id !== undefined, 'Give a picked key file or a saved connection id'),
  openInSalesforce: z
    .object({
      id: z.string().min(1).max(100).optional(),
      draft: LoginDraft.optional(),
      /** A path inside the org (checked in main: starts with one /). */
      path: z.string().max(2000).optional(),
    })
    .refine((v) => v.id !== undefined || v.draft !== undefined, 'Give a saved connection id or the form'),
  restoreStore: z.object({}).strict(),
  startEmpty: z.object({}).strict(),
  importProgress: z.object({}).strict(),
  unlockSecrets: z.object({ password: z.string().min(1, 'Type the secrets password').max(1000) }),
  setSecretsPassword: z.object({
    password: z.string().min(8, 'The secrets password must be at least 8 characters').max(1000),
    currentPassword: z.string().max(1000).optional(),
  }),
  keepTryingProgress: z.object({}).strict(),
  stopKeepTrying: z.object({}).strict(),
  renewCertificate: z.object({ id: z.string().min(1).max(100), days: z.number().int().min(1).max(3650).optional() }),
  certificateRequest: Id,
  rotateKey: z.object({
    id: z.string().min(1).max(100),
    bits: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).optional(),
    days: z.number().int().min(1).max(3650).optional(),
  }),
  /** Removes a rotation's previous key; before the new key has logged in only with `force`. */
  finishRotation: z.object({ id: z.string().min(1).max(100), force: z.boolean().optional() }),
  createSandboxConnection: z.object({
    id: z.string().min(1).max(100),
    sandboxName: z.string().trim().min(1, 'Sandbox name is required').max(40),
    name: z.string().trim().max(200).optional(),
    myDomainUrl: z.string().trim().max(500).optional(),
    username: z.string().trim().max(320).optional(),
  }),
} as const satisfies Record<ApiMethod, z.ZodType>; // one entry per name in API_METHODS, no more, no less

/** Why the saved-connections file could not be used at start; the window shows it with its way out. */
export interface StoreProblem {
  code: 'STORE_CORRUPT' | 'STORE_TOO_NEW' | 'STORE_UNREADABLE' | 'STORE_LOCKED';
  message: string;
  hint: string;
  /** Where a damaged file was moved aside. */
  movedTo?: string;
  /** The moved-aside file still holds connections that parse: restoreStore can bring them back. */
  restorable?: boolean;
}

export interface ApiOutputs {
  vaultStatus: VaultStatus & { storeProblem?: StoreProblem };
  listConnections: ConnectionView[];
  /** `total`: every saved connection, whatever the query ("0 of 5"). */
  listRows: { rows: ListRow[]; total: number };
  getConnection: ConnectionView;
  createConnection: ConnectionView;
  updateConnection: ConnectionView;
  deleteConnection: { deleted: true };
  duplicateConnection: ConnectionView;
  inspectKeyFile: KeyFileInfo;
  authorise: AuthoriseResult;
  /** newToken: the token the test logged in with when it had to (the one secret the window may show). */
  testConnection: TestConnectionResult & { newToken?: AuthoriseResult };
  revealToken: { accessToken: string; issuedAt: string };
  exportConnections: {
    fileName: string;
    text: string;
    count: number;
    skipped?: { id: string; name: string; reason: string }[];
  };
  importConnections: ImportSummary;
  setAllowWeakVault: VaultStatus;
  createCertificate: CreatedFiles;
  exportCertificate: { fileName: string; pem: string; certificate: CertificateSummary };
  /** `base64`: a .zip holding one folder, `folder`, with the project; `files`: the paths inside that folder. */
  setupFiles: {
    fileName: string;
    base64: string;
    folder: string;
    files: string[];
    apiName: string;
    permissionSet: string;
  };
  /** Opened by the app itself, or a single-use frontdoor URL for the caller to open (window.open). */
  openInSalesforce: { opened: true; host: string } | { url: string };
  restoreStore: { restored: number };
  startEmpty: { ok: true };
  importProgress: { done: number; total: number } | null;
  unlockSecrets: VaultStatus & { storeProblem?: StoreProblem };
  setSecretsPassword: VaultStatus & { storeProblem?: StoreProblem };
  /** The Keep trying under way or last ended this session; null when there was none. */
  keepTryingProgress: KeepTryingProgress | null;
  stopKeepTrying: { stopped: boolean };
  renewCertificate: CertificateChange;
  certificateRequest: { fileName: string; pem: string };
  rotateKey: CertificateChange;
  finishRotation: ConnectionView;
  createSandboxConnection: ConnectionView;
}

/** A renewed certificate or a rotated key: the connection as saved now, and the files to hand over. */
export interface CertificateChange {
  connection: ConnectionView;
  certificate: CertificateSummary;
  /** The new certificate (.crt) to upload; for a keystore connection also the keystore (.p12) that holds it. */
  files: CreatedFiles['files'];
  /** What this means for logins, in words. */
  notice: string;
}

export interface CreatedFiles {
  files: { kind: 'privateKey' | 'certificate' | 'pkcs12'; fileName: string; base64: string }[];
  alias: string;
  certificate: CertificateSummary;
}

export type ApiInput<M extends ApiMethod> = z.input<(typeof API_INPUTS)[M]>;
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

/** What main implements: one function per method, named as in the contract, taking its input. */
export type ApiService = { [M in ApiMethod]: (input: ApiInput<M>) => ApiOutputs[M] | Promise<ApiOutputs[M]> };

/** window.api: one function per method, each answering with the envelope. */
export type Api = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiResult<ApiOutputs[M]>> };
