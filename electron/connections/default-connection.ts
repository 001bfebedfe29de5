// The default connection: the one a terminal command uses when it names none (set with
// `org login jwt --alias NAME --set-default`). Kept as an id in the store's settings, so a rename
// keeps it; a deleted connection is simply no default any more.
import type { ConnectionView } from '../../shared/connection.js';
import type { ServiceContext } from './context.js';

export function defaultConnection(ctx: ServiceContext): ConnectionView | undefined {
  const id = ctx.repository.defaultConnection;
  const stored = id === undefined ? undefined : ctx.repository.get(id);
  return stored && ctx.view(stored);
}

/** Makes `id` the default (it must be saved), or clears the choice with null. */
export function setDefaultConnection(ctx: ServiceContext, id: string | null): { defaultConnection: string | null } {
  if (id !== null) ctx.stored(id); // NOT_FOUND for an id that is not saved
  ctx.repository.setDefaultConnection(id ?? undefined);
  return { defaultConnection: id };
}
