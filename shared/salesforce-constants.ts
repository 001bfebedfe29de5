// Plain values about logging in, without zod: the CLI's login path imports these, and loading zod
// for them would cost every run ~20 ms (salesforce.ts re-exports them beside its schemas).
export const ENVIRONMENTS = ['production', 'sandbox', 'mydomain'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  production: 'Production / Developer Edition',
  sandbox: 'Sandbox',
  mydomain: 'My Domain',
};

export const LOGIN_HOSTS = {
  production: 'https://login.salesforce.com',
  sandbox: 'https://test.salesforce.com',
} as const;

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** Sandbox My Domains look like <name>--<sandbox>.sandbox.my.salesforce.com (any "--" in the name is a sandbox's). */
export function isSandboxMyDomainHost(host: string): boolean {
  return /\.sandbox\.my\.salesforce\.com$/i.test(host) || /--/.test(host);
}
