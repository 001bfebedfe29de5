// Keeping a connection's logins working over time: a renewed certificate (same key), a rotated key
// (the previous one kept as a fallback until the new one is proven), the org id of the last login.
// Schemas for what is saved, and the plain words both the window and the CLI show.
import { z } from 'zod';

/** A key being rotated out: kept in the vault (never sent to the renderer) until the new one is proven. */
export const PreviousKey = z.object({
  keyMaterial: z.string(),
  encryption: z.enum(['jks', 'privateKey']),
  keyStorePassword: z.string().optional(),
  keyPassword: z.string().optional(),
  passphrase: z.string().optional(),
  certificateName: z.string().optional(),
});
export type PreviousKey = z.infer<typeof PreviousKey>;

/** A key rotation in progress, on the saved connection (metadata only: the previous key is a secret). */
export const Rotation = z.object({
  startedAt: z.string().max(100),
  /** The certificate Salesforce holds until the new one is uploaded. */
  previousCertificate: z
    .object({ subject: z.string().max(1000), sha256Fingerprint: z.string().max(200), validTo: z.string().max(100) })
    .optional(),
  /** The first login with the new key: from then on no fallback, and the previous key may be removed. */
  newKeyProvenAt: z.string().max(100).optional(),
  /** The last login that needed the previous key. */
  previousKeyUsedAt: z.string().max(100).optional(),
});
export type Rotation = z.infer<typeof Rotation>;

/** A later login named another org than the one remembered. */
export const OrgChange = z.object({ from: z.string().max(40), to: z.string().max(40), at: z.string().max(100) });
export type OrgChange = z.infer<typeof OrgChange>;

/** What a login learned about the connection's lifecycle, on Authorise and Test results. */
export const LifecycleNotes = z.object({
  /** 'previousKey': the new key was refused and the previous one worked; 'newKeyProven': the first success with the new key. */
  rotation: z.enum(['previousKey', 'newKeyProven']).optional(),
  orgChange: OrgChange.optional(),
  /** The same, in words for the result. */
  notices: z.array(z.string()).optional(),
});
export type LifecycleNotes = z.infer<typeof LifecycleNotes>;

export const PREVIOUS_KEY_NOTICE =
  'Salesforce still has the previous certificate: upload the new one. (This login used the previous key.)';
export const NEW_KEY_PROVEN_NOTICE =
  'The new key worked: Salesforce has the new certificate. The previous key can be removed now.';
export const orgChangedNotice = (change: Pick<OrgChange, 'from' | 'to'>): string =>
  `This org's id changed (a sandbox refresh?): it was ${change.from}, now ${change.to}. The new id is kept.`;
export const SANDBOX_REFRESH_HINT =
  'A sandbox refresh removes the External Client App and its credentials from the sandbox: deploy the Salesforce setup files to the sandbox again, assign the permission set to the user, then put the new Consumer Key in this connection.';
export const RENEWED_NOTICE =
  'Nothing has to change in Salesforce for logins to go on: the new certificate holds the same key, and Salesforce checks the signature against that key. Upload the new certificate when convenient.';

/** Days a renewed or rotated certificate is valid, unless told otherwise. */
export const DEFAULT_CERTIFICATE_DAYS = 365;

/**
 * A sandbox of a production connection: its My Domain and username as Salesforce names them
 * (https://NAME--SBX.sandbox.my.salesforce.com, user@company.com.SBX). Nothing proposed where the
 * production connection gives nothing to build on.
 */
export function proposeSandbox(
  production: { myDomainUrl?: string | undefined; username?: string | undefined },
  sandboxName: string,
): { myDomainUrl?: string; username?: string } {
  const sbx = sandboxName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  if (!sbx) return {};
  const out: { myDomainUrl?: string; username?: string } = {};
  const match = /^https:\/\/([a-z0-9-]+)\.my\.salesforce\.com\/?$/i.exec(production.myDomainUrl?.trim() ?? '');
  if (match) out.myDomainUrl = `https://${(match[1] as string).toLowerCase()}--${sbx}.sandbox.my.salesforce.com`;
  const user = production.username?.trim();
  if (user) out.username = `${user}.${sbx}`;
  return out;
}

/** A sandbox login host (test.salesforce.com or NAME--SBX.sandbox.my.salesforce.com). */
export function isSandboxTarget(target: { environment: string; myDomainUrl?: string | undefined }): boolean {
  if (target.environment === 'sandbox') return true;
  return /\.sandbox\.my\.salesforce\.com(:\d+)?\/?$/i.test(target.myDomainUrl?.trim() ?? '');
}

/** Connections whose certificate has ended, or ends within `withinDays` (days left ≤ withinDays), by name. */
export function certificateAlerts(
  rows: readonly { name: string; certificateDaysLeft?: number | undefined }[],
  withinDays: number,
): { expired: string[]; expiring: string[] } {
  const expired: string[] = [];
  const expiring: string[] = [];
  for (const r of rows) {
    if (r.certificateDaysLeft === undefined) continue;
    if (r.certificateDaysLeft < 0) expired.push(r.name);
    else if (r.certificateDaysLeft <= withinDays) expiring.push(r.name);
  }
  return { expired, expiring };
}

/** The same in words for a Test all summary; undefined when nothing is due. Expiry is a risk to check, not a failure. */
export function certificateAlertText(
  alerts: { expired: string[]; expiring: string[] },
  withinDays: number,
): string | undefined {
  const parts: string[] = [];
  const list = (names: string[]) =>
    names.slice(0, 10).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
  if (alerts.expired.length)
    parts.push(
      `${alerts.expired.length} certificate${alerts.expired.length === 1 ? ' has' : 's have'} expired (${list(alerts.expired)})`,
    );
  if (alerts.expiring.length)
    parts.push(
      `${alerts.expiring.length} end${alerts.expiring.length === 1 ? 's' : ''} within ${withinDays} days (${list(alerts.expiring)})`,
    );
  if (!parts.length) return undefined;
  return `Certificates: ${parts.join('; ')}. Salesforce has been seen to keep accepting expired certificates, but a future release or the org's policy may not: renew them (same key, nothing to change in Salesforce).`;
}
