// Token host and audience per environment: production, sandbox, My Domain (with its one retry
// audience), an explicit audience, and http:// only for this computer.
import { describe, expect, it } from 'vitest';
import { planLogin } from '../../../electron/salesforce/environment.js';

describe('login plan (environments and audiences)', () => {
  it('uses login.salesforce.com for production and test.salesforce.com for sandboxes', () => {
    expect(planLogin({ environment: 'production' })).toEqual({ tokenUrl: 'https://login.salesforce.com/services/oauth2/token', audience: 'https://login.salesforce.com' });
    expect(planLogin({ environment: 'sandbox' })).toEqual({ tokenUrl: 'https://test.salesforce.com/services/oauth2/token', audience: 'https://test.salesforce.com' });
  });

  it('uses the My Domain URL as host and first audience, with one retry audience', () => {
    expect(planLogin({ environment: 'mydomain', myDomainUrl: 'acme.my.salesforce.com/' })).toEqual({
      tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token', audience: 'https://acme.my.salesforce.com', retryAudience: 'https://login.salesforce.com',
    });
    expect(planLogin({ environment: 'mydomain', myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com' }).retryAudience).toBe('https://test.salesforce.com');
  });

  it('uses an explicit audience as given, with no retry', () => {
    const plan = planLogin({ environment: 'mydomain', myDomainUrl: 'https://acme.my.salesforce.com', audience: 'https://acme.my.site.com' });
    expect(plan).toEqual({ tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token', audience: 'https://acme.my.site.com' });
  });

  it('accepts http:// only for this computer', () => {
    expect(planLogin({ environment: 'mydomain', myDomainUrl: 'http://127.0.0.1:8080' }).tokenUrl).toBe('http://127.0.0.1:8080/services/oauth2/token');
    expect(() => planLogin({ environment: 'mydomain', myDomainUrl: 'http://acme.my.salesforce.com' })).toThrow(/must use https/);
    expect(() => planLogin({ environment: 'mydomain' })).toThrow(/needs its URL/);
  });
});
