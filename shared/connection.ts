// A saved connection: metadata (stored as JSON, schema-checked on read) apart from its secrets
// (encrypted together in one vault blob). The renderer sees secrets only as "saved" / "missing".
import { z } from 'zod';
import { ERROR_CODES } from './errors.js';
import { CertificateSummary, KeyFormat } from './keys.js';
import { checked } from './field-rules.js';
import { hasUnsafeText } from './safe-text.js';
import { Environment } from './salesforce.js';
import { SETUP_TRACKS } from './salesforce-setup.js';
import { OrgChange, PreviousKey, Rotation } from './lifecycle.js';

/** 2: every secrets file is sealed bound to its connection's id (version-1 stores are migrated at start). */
export const CONNECTION_STORE_VERSION = 2;

export const EncryptionOption = z.enum(['jks', 'privateKey']);
export type EncryptionOption = z.infer<typeof EncryptionOption>;

export const ENCRYPTION_LABELS: Record<EncryptionOption, string> = {
  jks: 'Java Key Store (JKS)',
  privateKey: 'Private Key',
};

/** What was imported from the picked key file: never the path, never the bytes. */
export const KeyFileRecord = z.object({
  fileName: z.string(),
  format: KeyFormat,
  importedAt: z.string(),
  certificate: CertificateSummary.pick({ subject: true, sha256Fingerprint: true, validTo: true }).optional(),
});
export type KeyFileRecord = z.infer<typeof KeyFileRecord>;

export const ResultRecord = z.object({
  at: z.string(),
  ok: z.boolean(),
  code: z.enum(ERROR_CODES).optional(),
  message: z.string().optional(),
  elapsedMs: z.number().optional(),
});
export type ResultRecord = z.infer<typeof ResultRecord>;

/**
 * A connection's fields as a store holds them: read leniently, so a value written before today's
 * field rules (or edited by hand) is shown escaped and flagged, never makes its connection vanish.
 */
export const StoredFields = z.object({
  name: z.string().trim().min(1, 'Connection Name is required').max(200),
  description: z.string().max(2000).default(''),
  connectionType: z.literal('salesforce').default('salesforce'),
  authType: z.literal('oauth-jwt').default('oauth-jwt'),
  encryption: EncryptionOption,
  consumerKey: z.string().trim().max(500).default(''),
  username: z.string().trim().max(320).default(''),
  environment: Environment.default('production'),
  myDomainUrl: z.string().trim().max(500).optional(),
  audience: z.string().trim().max(500).optional(),
  timeoutSeconds: z.number().positive().max(600).optional(),
  /** JKS alias ("Certificate Name"). */
  certificateName: z.string().trim().max(200).optional(),
  /**
   * The kind of app the org logs this connection in through, for the setup checklist. New
   * connections get 'eca'; one saved before the field existed has none and reads as 'connectedApp'
   * (setupTrackOf in salesforce-setup.ts), so it keeps the checklist it showed.
   */
  setupTrack: z.enum(SETUP_TRACKS).optional(),
});

/** The field rules (field-rules.ts) over the stored shapes: what a value entering from anywhere must meet. */
const CHECKED_FIELDS = {
  name: checked('name', z.string().trim().min(1, 'Connection Name is required').max(200)),
  description: checked('description', z.string().max(2000)).default(''),
  consumerKey: checked('consumerKey', z.string().trim().max(500)).default(''),
  username: checked('username', z.string().trim().max(320)).default(''),
  myDomainUrl: checked('myDomainUrl', z.string().trim().max(500)).optional(),
  audience: checked('audience', z.string().trim().max(500)).optional(),
  certificateName: checked('certificateName', z.string().trim().max(200)).optional(),
};

/** The fields as they enter (form, API, CLI flags, imports): checked against the field rules. */
export const ConnectionFields = StoredFields.extend(CHECKED_FIELDS);
export type ConnectionFields = z.infer<typeof ConnectionFields>;

export const SavedConnection = StoredFields.extend({
  id: z.string().min(1),
  keyFile: KeyFileRecord.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastAuthorise: ResultRecord.optional(),
  lastTest: ResultRecord.optional(),
  /** The org id of the last successful login (a sandbox refresh gives a sandbox a new one). */
  orgId: z.string().max(40).optional(),
  /** Set when a login named another org id than the remembered one; cleared by the next login to the same org. */
  orgChange: OrgChange.optional(),
  /** What the org said of itself at the last Test Connection (a sandbox's app goes with a refresh). */
  isSandbox: z.boolean().optional(),
  /** A key rotation in progress: the previous key is in the secrets until the user removes it. */
  rotation: Rotation.optional(),
});
export type SavedConnection = z.infer<typeof SavedConnection>;

/** A connection arriving in an export file: the saved shape with the field rules applied. */
export const ImportedConnection = SavedConnection.extend(CHECKED_FIELDS);

export const SECRET_NAMES = ['keyStorePassword', 'keyPassword', 'passphrase', 'keyMaterial', 'accessToken'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** Secrets of one connection, as kept in the vault (never sent to the renderer). */
export const ConnectionSecrets = z.object({
  keyStorePassword: z.string().optional(),
  keyPassword: z.string().optional(),
  passphrase: z.string().optional(),
  /** The imported key file's bytes, base64. */
  keyMaterial: z.string().optional(),
  accessToken: z
    .object({ token: z.string(), instanceUrl: z.string(), id: z.string(), issuedAt: z.string() })
    .optional(),
  /** During a key rotation: the key being rotated out, tried once when Salesforce refuses the new one. */
  previousKey: PreviousKey.optional(),
});
export type ConnectionSecrets = z.infer<typeof ConnectionSecrets>;

export type SecretFlags = Record<SecretName, 'saved' | 'missing'>;

/** What the renderer gets for one connection. */
export interface ConnectionView extends SavedConnection {
  secrets: SecretFlags;
  /** False when secrets live only for this session (no usable OS keyring). */
  secretsPersisted: boolean;
  certificateDaysLeft?: number;
  /** Its saved secrets cannot be read (missing file, damaged, sealed by another keyring): re-enter them to repair. */
  secretsProblem?: { code: string; message: string; hint: string };
  /** Saved values today's field rules refuse (an old store, a hand-edited file): shown escaped until fixed. */
  fieldProblems?: { field: string; message: string }[];
  /** Something the user should know about the operation that produced this view (e.g. a copy made without secrets). */
  notice?: string;
}

/** A picked key file crossing into main: its name and bytes, base64. */
export const PickedKeyFile = z.object({
  fileName: z
    .string()
    .max(260)
    .refine(
      (name) => !hasUnsafeText(name),
      "The key file's name contains a control or text-direction character: rename the file.",
    ),
  // The base64 of 4 MiB, the loader's cap for a keystore (a 1,000-entry JKS is ~2 MB); the loader
  // itself holds PEM/DER keys to 1 MiB. Bigger is refused here, before anything is decoded.
  base64: z
    .string()
    .max(5_592_408)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
});
export type PickedKeyFile = z.infer<typeof PickedKeyFile>;

/**
 * Secrets entered in the form. A string replaces the saved value, null clears it,
 * absent keeps what is saved (so an edit never needs the passwords typed again).
 */
export const SecretInput = z.object({
  keyStorePassword: z.string().max(1000).nullable().optional(),
  keyPassword: z.string().max(1000).nullable().optional(),
  passphrase: z.string().max(1000).nullable().optional(),
});
export type SecretInput = z.infer<typeof SecretInput>;

/** The whole form: fields, new secrets, and a newly picked key file if any. */
export const ConnectionDraft = ConnectionFields.extend({
  secrets: SecretInput.default({}),
  keyFile: PickedKeyFile.optional(),
});
export type ConnectionDraft = z.input<typeof ConnectionDraft>;

/** The form as sent to Authorise / Test Connection: a name is not needed to log in. */
export const LoginDraft = ConnectionDraft.extend({ name: checked('name', z.string().trim().max(200)).default('') });
export type LoginDraft = z.input<typeof LoginDraft>;

export const ListQuery = z.object({
  search: z.string().max(200).optional(),
  sort: z.enum(['name', 'updated', 'environment', 'lastUsed']).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  /** Certificate health: expiring = under EXPIRY_WARNING_DAYS left, attention = expiring or expired. */
  certificate: z.enum(['all', 'expiring', 'expired', 'attention']).default('all'),
});
export type ListQuery = z.input<typeof ListQuery>;

/** One row of the connections list: only what a row shows (the form fetches the whole connection). */
export interface ListRow {
  id: string;
  name: string;
  /** Cut to LIST_DESCRIPTION_CHARS: a row shows one line of it. */
  description: string;
  username: string;
  environment: SavedConnection['environment'];
  /** With the My Domain environment: its URL tells a sandbox (`--SBX.sandbox.`) from production. */
  myDomainUrl?: string;
  updatedAt: string;
  lastAuthorise?: ResultRecord;
  lastTest?: ResultRecord;
  certificateDaysLeft?: number;
  /** Its secrets cannot be read (missing, damaged, sealed by another keyring). */
  secretsProblem?: boolean;
  /** It names a key file whose key is not here (imported without secrets): pick the key again. */
  secretsMissing?: boolean;
  /** What a login still needs, by the form's labels (saved incomplete on purpose, or imported so). */
  incomplete?: string[];
  orgChange?: SavedConnection['orgChange'];
  /** A key rotation: 'pending' until the new key logs in, then 'proven' until the previous key is removed. */
  rotation?: 'pending' | 'proven';
  /** A saved value holds characters today's field rules refuse: the row shows it escaped and marked. */
  fieldProblem?: boolean;
  secretsPersisted: boolean;
}
export const LIST_DESCRIPTION_CHARS = 160;

export interface VaultStatus {
  backend: string;
  persistent: boolean;
  warning?: string;
  /** A weak backend is there: the user may choose to save secrets with it (or stop doing so). */
  weakChoice?: 'offered' | 'chosen';
  /** Another process holds the data directory: everything can be read, nothing can be saved. */
  readOnly?: { message: string; hint: string };
  /** The secrets password (a vault backend the user unlocks once per session): none set, set but locked, or unlocked. */
  secretsPassword?: 'none' | 'locked' | 'unlocked';
  /** The OS keychain is missing or weak here: the UI offers a secrets password in its place. */
  passwordOffered?: boolean;
  /** Passwords and keys can be saved only once a secrets password is set (the browser mode in the desktop app's folder). */
  passwordFirst?: boolean;
}

export interface ImportSummary {
  imported: { id: string; name: string; renamedFrom?: string }[];
  withSecrets: boolean;
  /** E.g. a version-1 or unsigned export: its details (URLs, usernames, keys) are not authenticated. */
  warnings?: string[];
}
