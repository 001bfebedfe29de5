// The saved-connections list: search, certificate-health filter, sort.
import { ListQuery, type ConnectionView } from '../../shared/connection.js';
import { EXPIRY_WARNING_DAYS } from '../../shared/keys.js';
import type { ServiceContext } from './context.js';
import type { StoredConnection } from './repository.js';

export function listConnections(ctx: ServiceContext, query: ListQuery = {}): ConnectionView[] {
  const q = ListQuery.parse(query);
  const needle = q.search?.trim().toLowerCase();
  let rows = ctx.repository.all();
  if (needle) {
    rows = rows.filter((c) => c.name.toLowerCase().includes(needle) || c.description.toLowerCase().includes(needle) || c.username.toLowerCase().includes(needle));
  }
  if (q.certificate !== 'all') {
    rows = rows.filter((c) => {
      const days = ctx.certificateDaysLeft(c);
      if (days === undefined) return false;
      if (q.certificate === 'expired') return days < 0;
      if (q.certificate === 'expiring') return days >= 0 && days < EXPIRY_WARNING_DAYS;
      return days < EXPIRY_WARNING_DAYS;
    });
  }
  const key = (c: StoredConnection): string => {
    switch (q.sort) {
      case 'updated': return c.updatedAt;
      case 'environment': return `${c.environment} ${c.name.toLowerCase()}`;
      case 'lastUsed': return [c.lastAuthorise?.at, c.lastTest?.at].filter(Boolean).sort().at(-1) ?? '';
      default: return c.name.toLowerCase();
    }
  };
  const sorted = rows.map((c) => [key(c), c] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (q.direction === 'desc') sorted.reverse();
  return sorted.map(([, c]) => ctx.view(c));
}
