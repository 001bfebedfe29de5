// What a list row says, computed cheaply: one shared date formatter (a `toLocaleString` with options
// per row cost ~0.5 s per render at 10,000 rows), certificate health, the latest result.
import type { ListRow } from '../shared/connection.js';
import { EXPIRY_WARNING_DAYS } from '../shared/keys.js';
import { isSandboxMyDomainHost, LOGIN_HOSTS } from '../shared/salesforce-constants.js';

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : DATE_TIME.format(t);
}

const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/** A row's short date: the time for today, else the day ("Dec 6"); `when` gives the whole one for its tooltip. */
export function whenShort(iso: string, now = new Date()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t).toDateString() === now.toDateString() ? TIME.format(t) : DAY.format(t);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `text` in full (tooltips, screen readers), `short` for a row's second line. */
export function certificateHealth(
  days: number | undefined,
): { text: string; short: string; level: 'ok' | 'warn' | 'bad' } | undefined {
  if (days === undefined) return undefined;
  if (days < 0)
    return {
      text: `Certificate expired ${plural(-days, 'day')} ago`,
      short: `Cert expired ${-days} d ago`,
      level: 'bad',
    };
  if (days < EXPIRY_WARNING_DAYS)
    return { text: `Certificate expires in ${plural(days, 'day')}`, short: `Cert ${days} d left`, level: 'warn' };
  return { text: `Certificate: ${days} days left`, short: `Cert ${days} d`, level: 'ok' };
}

export function lastResult(c: Pick<ListRow, 'lastAuthorise' | 'lastTest'>) {
  const a = c.lastAuthorise && { ...c.lastAuthorise, what: 'Authorise' };
  const t = c.lastTest && { ...c.lastTest, what: 'Test' };
  if (!a) return t;
  if (!t) return a;
  return a.at > t.at ? a : t;
}

export const ENV_LABEL = { production: 'Production', sandbox: 'Sandbox', mydomain: 'My Domain' } as const;

function hostOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Where a row logs in: login/test.salesforce.com or the My Domain's host. */
export function loginHost(row: Pick<ListRow, 'environment' | 'myDomainUrl'>): string {
  if (row.environment === 'mydomain') return hostOfUrl(row.myDomainUrl) ?? 'no My Domain URL';
  return new URL(LOGIN_HOSTS[row.environment]).host;
}

/**
 * The environment badge: a My Domain says whether it is a sandbox's (NAME--SBX.sandbox.my…) or
 * production's, since a production org is the one to be careful with.
 */
export function environmentBadge(row: Pick<ListRow, 'environment' | 'myDomainUrl'>): {
  label: string;
  kind: 'production' | 'sandbox' | 'mydomain';
} {
  if (row.environment !== 'mydomain') return { label: ENV_LABEL[row.environment], kind: row.environment };
  const host = hostOfUrl(row.myDomainUrl);
  if (!host) return { label: 'My Domain', kind: 'mydomain' };
  if (isSandboxMyDomainHost(host)) return { label: 'Sandbox · My Domain', kind: 'sandbox' };
  // Only a real My Domain host is called production (an emulator on this computer is neither).
  return /\.my\.(salesforce\.com|salesforce\.mil|sfcrmproducts\.cn)$/i.test(host)
    ? { label: 'Production · My Domain', kind: 'production' }
    : { label: 'My Domain', kind: 'mydomain' };
}

export const count = (n: number) => n.toLocaleString('en');
