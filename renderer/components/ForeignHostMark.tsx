// The mark for a connection whose logins go to a host outside Salesforce's own domains. Such a login
// still works (some companies put a proxy in front of Salesforce), but the user should see where their
// signed assertion goes: a typo-squatted My Domain, or one a shared file set, shows up here.
import type { ReactNode } from 'react';
import type { ListRow } from '../../shared/connection.js';
import { foreignLoginHost } from '../../shared/salesforce-hosts.js';

const WHY =
  "Logins for this connection go to a host outside Salesforce's own domains (…my.salesforce.com and the like). " +
  'That is right only for a proxy your company runs in front of Salesforce; otherwise check the My Domain URL (Setup → My Domain) before you authorise.';

const ROW_HOST_CHARS = 18;

/**
 * A host cut to fit a row from its left: the end of a host name says who owns it, so that is the part
 * kept (acme.my.salesforce.com.evil.example → …evil.example).
 */
function rowHost(host: string): string {
  if (host.length <= ROW_HOST_CHARS) return host;
  const owner = host.split('.').slice(-2).join('.');
  return `…${owner.length <= ROW_HOST_CHARS ? owner : owner.slice(-ROW_HOST_CHARS)}`;
}

/**
 * A list row's environment badge, or in its place the mark when the row's My Domain is neither
 * Salesforce's nor this computer's (the mark says more than "My Domain" would, in a row's width).
 */
export function ForeignHostBadge({
  row,
  children,
}: {
  row: Pick<ListRow, 'environment' | 'myDomainUrl'>;
  children: ReactNode;
}) {
  const host = row.environment === 'mydomain' ? foreignLoginHost(row.myDomainUrl) : undefined;
  if (!host) return children;
  return (
    <span className="badge foreign-host" title={`Not a Salesforce host: ${host}. ${WHY}`}>
      ⚠ Not Salesforce: {rowHost(host)}
    </span>
  );
}

/** Under the form's My Domain URL, once it is typed (not while the user is still typing it). */
export function ForeignHostNote({ myDomainUrl, typing }: { myDomainUrl: string; typing: boolean }) {
  const host = typing ? undefined : foreignLoginHost(myDomainUrl);
  if (!host) return null;
  return (
    <p className="foreign-host-note" role="note">
      <strong>⚠ Not a Salesforce host: {host}.</strong> {WHY}
    </p>
  );
}
