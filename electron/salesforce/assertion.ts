import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** Salesforce documents exp as "within 3 minutes". */
export const ASSERTION_LIFETIME_SECONDS = 180;

export interface AssertionClaims {
  consumerKey: string;
  username: string;
  audience: string;
}

/** The JWT bearer assertion: RS256, iss = consumer key, sub = username, aud, exp = now + 180 s. */
export function signAssertion(key: KeyObject, claims: AssertionClaims, now: Date = new Date()): Promise<string> {
  const exp = Math.floor(now.getTime() / 1000) + ASSERTION_LIFETIME_SECONDS;
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(claims.consumerKey)
    .setSubject(claims.username)
    .setAudience(claims.audience)
    .setExpirationTime(exp)
    .sign(key);
}
