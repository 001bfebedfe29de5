// The saved-connections list: search, certificate-health filter, sort. listRows answers only what a
// list row shows, so 10,000 connections cost a compact answer rather than every full view.
import { LIST_DESCRIPTION_CHARS, ListQuery, type ConnectionView, type ListRow } from '../../shared/connection.js';
import { EXPIRY_WARNING_DAYS } from '../../shared/keys.js';
import type { ServiceContext } from './context.js';
import type { StoredConnection } from './repository.js';

function matching(ctx: ServiceContext, query: ListQuery = {}): StoredConnection[] {
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
  return sorted.map(([, c]) => c);
}

export function listConnections(ctx: ServiceContext, query: ListQuery = {}): ConnectionView[] {
  return matching(ctx, query).map((c) => ctx.view(c));
}

export function listRows(ctx: ServiceContext, query: ListQuery = {}): { rows: ListRow[]; total: number } {
  const rows = matching(ctx, query).map((c): ListRow => {
    // The view decides what a row says about its secrets (persisted, unreadable); keep only that.
    const view = ctx.view(c) as ConnectionView & { secretsProblem?: unknown };
    return {
      id: c.id,
      name: c.name,
      description: c.description.length > LIST_DESCRIPTION_CHARS ? `${c.description.slice(0, LIST_DESCRIPTION_CHARS - 1)}…` : c.description,
      username: c.username,
      environment: c.environment,
      updatedAt: c.updatedAt,
      ...(c.lastAuthorise && { lastAuthorise: c.lastAuthorise }),
      ...(c.lastTest && { lastTest: c.lastTest }),
      ...(view.certificateDaysLeft !== undefined && { certificateDaysLeft: view.certificateDaysLeft }),
      ...(view.secretsProblem ? { secretsProblem: true } : {}),
      secretsPersisted: view.secretsPersisted,
    };
  });
  return { rows, total: ctx.repository.all().length };
}
