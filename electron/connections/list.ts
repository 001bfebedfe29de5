// The saved-connections list: search, certificate-health filter, sort. listRows answers only what a
// list row shows, so 10,000 connections cost a compact answer rather than every full view.
import { LIST_DESCRIPTION_CHARS, ListQuery, type ConnectionView, type ListRow } from '../../shared/connection.js';
import { EXPIRY_WARNING_DAYS } from '../../shared/keys.js';
import { missingForLogin } from '../../shared/login-requirements.js';
import { storedFieldProblems } from '../../shared/field-rules.js';
import type { ServiceContext } from './context.js';
import type { StoredConnection } from './repository.js';

// What Search looks in, lower-cased once per stored record (records are replaced, never mutated,
// so a changed connection gets a fresh entry): a keystroke at 10,000 rows is then one pass of includes().
const haystacks = new WeakMap<StoredConnection, string>();
function haystack(c: StoredConnection): string {
  let text = haystacks.get(c);
  if (text === undefined) {
    text = `${c.name}\u0000${c.description}\u0000${c.username}`.toLowerCase();
    haystacks.set(c, text);
  }
  return text;
}

const flags = new WeakMap<StoredConnection, boolean>();
/** A saved value today's field rules refuse (cached per record, as the haystack is). */
function flagged(c: StoredConnection): boolean {
  let bad = flags.get(c);
  if (bad === undefined) {
    bad = storedFieldProblems(c).length > 0;
    flags.set(c, bad);
  }
  return bad;
}

function matching(ctx: ServiceContext, query: ListQuery = {}): StoredConnection[] {
  const q = ListQuery.parse(query);
  const needle = q.search?.trim().toLowerCase();
  let rows = ctx.repository.all();
  if (needle) rows = rows.filter((c) => haystack(c).includes(needle));
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
      case 'updated':
        return c.updatedAt;
      case 'environment':
        return `${c.environment} ${c.name.toLowerCase()}`;
      case 'lastUsed':
        return [c.lastAuthorise?.at, c.lastTest?.at].filter(Boolean).sort().at(-1) ?? '';
      default:
        return c.name.toLowerCase();
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
    const days = ctx.certificateDaysLeft(c);
    const problem = ctx.secretsProblem(c);
    const saved = ctx.savedSecretNames(c, problem);
    // An imported connection carries its key's record without the key: say that, not only "incomplete".
    const secretsMissing = !problem && c.keyFile !== undefined && !saved.has('keyMaterial');
    const missing = missingForLogin(c, {
      keyMaterial: saved.has('keyMaterial') || Boolean(problem),
      keyStorePassword: saved.has('keyStorePassword') || Boolean(problem),
    }).filter((m) => !(secretsMissing && (m.field === 'keyFile' || m.field === 'keyStorePassword')));
    return {
      id: c.id,
      name: c.name,
      description:
        c.description.length > LIST_DESCRIPTION_CHARS
          ? `${c.description.slice(0, LIST_DESCRIPTION_CHARS - 1)}…`
          : c.description,
      username: c.username,
      environment: c.environment,
      ...(c.environment === 'mydomain' && c.myDomainUrl && { myDomainUrl: c.myDomainUrl }),
      updatedAt: c.updatedAt,
      ...(c.lastAuthorise && { lastAuthorise: c.lastAuthorise }),
      ...(c.lastTest && { lastTest: c.lastTest }),
      ...(days !== undefined && { certificateDaysLeft: days }),
      // The storage side's cheap check (no decryption): a missing file, or one found unreadable before.
      ...(problem && { secretsProblem: true }),
      ...(secretsMissing && { secretsMissing: true }),
      ...(missing.length > 0 && { incomplete: missing.map((m) => m.label) }),
      ...(flagged(c) && { fieldProblem: true }),
      secretsPersisted: !ctx.sessionSecrets.has(c.id),
      ...(c.orgChange && { orgChange: c.orgChange }),
      ...(c.rotation && { rotation: c.rotation.newKeyProvenAt ? ('proven' as const) : ('pending' as const) }),
    };
  });
  return { rows, total: ctx.repository.all().length };
}
