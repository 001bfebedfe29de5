// The ids in an identity URL (…/id/<org id>/<user id>): the `id` of every token answer. Plain
// string work, so a login from flags can name the org without loading the store's schemas.
const IDENTITY = /\/id\/(00D[A-Za-z0-9]{12,15})\/([A-Za-z0-9]{15,18})\/?$/;

/** The org id in an identity URL, if it has that shape. */
export function orgIdOf(identityUrl: string): string | undefined {
  return IDENTITY.exec(identityUrl)?.[1];
}

/** The user id in an identity URL, if it has that shape. */
export function userIdOf(identityUrl: string): string | undefined {
  return IDENTITY.exec(identityUrl)?.[2];
}
