import { z } from 'zod';

import { LifecycleNotes } from './lifecycle.js';
import { ENVIRONMENTS } from './salesforce-constants.js';

export { ENVIRONMENT_LABELS } from './salesforce-constants.js';

export const Environment = z.enum(ENVIRONMENTS);
export type Environment = z.infer<typeof Environment>;

/** Where and how to log in: the Environment field and the Advanced section of the form. */
export const LoginTarget = z.object({
  environment: Environment,
  myDomainUrl: z.string().trim().optional(),
  audience: z.string().trim().optional(),
  timeoutSeconds: z.number().positive().max(600).optional(),
});
export type LoginTarget = z.infer<typeof LoginTarget>;

export const AuthoriseResult = z
  .object({
    accessToken: z.string(),
    instanceUrl: z.string(),
    id: z.string(),
    scope: z.string().optional(),
    tokenUrl: z.string(),
    audience: z.string(),
    /** Set when the first audience was refused and a retry with another one worked. */
    audienceNote: z.string().optional(),
    issuedAt: z.string(),
    elapsedMs: z.number(),
  })
  .merge(LifecycleNotes);
export type AuthoriseResult = z.infer<typeof AuthoriseResult>;

export const TestStep = z.object({
  name: z.enum(['authorise', 'identity', 'organization', 'limits']),
  ok: z.boolean(),
  elapsedMs: z.number(),
});
export type TestStep = z.infer<typeof TestStep>;

export const TestConnectionResult = z
  .object({
    identity: z.object({
      username: z.string(),
      userId: z.string(),
      orgId: z.string(),
      displayName: z.string(),
      email: z.string().optional(),
    }),
    organization: z.object({
      name: z.string(),
      type: z.string(),
      isSandbox: z.boolean(),
      instanceName: z.string(),
      trialExpirationDate: z.string().nullable().optional(),
    }),
    limits: z.object({
      dailyApiRequests: z.object({ max: z.number(), remaining: z.number() }),
    }),
    apiVersion: z.string(),
    instanceUrl: z.string(),
    reauthorised: z.boolean(),
    steps: z.array(TestStep),
    totalMs: z.number(),
  })
  .merge(LifecycleNotes);
export type TestConnectionResult = z.infer<typeof TestConnectionResult>;
