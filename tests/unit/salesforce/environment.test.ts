// Token host and audience per environment: production, sandbox, My Domain (with its one retry
// audience), an explicit audience, and http:// only for this computer.
import { describe, expect, it } from 'vitest';
import { planLogin } from '../../../electron/salesforce/environment.js';

describe('login plan (environments and audiences)', () => {
  it('uses login.salesforce.com for production and test.salesforce.com for sandboxes', () => {
    expect(planLogin({ environment: 'production' })).toEqual({
      tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
      audience: 'https://login.salesforce.com',
    });
    expect(planLogin({ environment: 'sandbox' })).toEqual({
      tokenUrl: 'https://test.salesforce.com/services/oauth2/token',
      audience: 'https://test.salesforce.com',
    });
  });

  it('uses the My Domain URL as host and first audience, with one retry audience', () => {
    expect(planLogin({ environment: 'mydomain', myDomainUrl: 'acme.my.salesforce.com/' })).toEqual({
      tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
      audience: 'https://acme.my.salesforce.com',
      retryAudience: 'https://login.salesforce.com',
    });
    expect(
      planLogin({ environment: 'mydomain', myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com' }).retryAudience,
    ).toBe('https://test.salesforce.com');
  });

  it("retries only from Salesforce's own hosts: never a stranger's, never this computer", () => {
    expect(
      planLogin({ environment: 'mydomain', myDomainUrl: 'https://acme.my.salesforce.com.evil.example' }).retryAudience,
    ).toBeUndefined();
    expect(
      planLogin({ environment: 'mydomain', myDomainUrl: 'https://acme--uat.sandbox.evil.example' }).retryAudience,
    ).toBeUndefined();
    expect(planLogin({ environment: 'mydomain', myDomainUrl: 'http://127.0.0.1:8080' }).retryAudience).toBeUndefined();
    expect(planLogin({ environment: 'mydomain', myDomainUrl: 'https://acme.my.site.com' }).retryAudience).toBe(
      'https://login.salesforce.com',
    );
  });

  it("refuses an Audience for another host unless both are Salesforce's or both this computer", () => {
    expect(() =>
      planLogin({
        environment: 'mydomain',
        myDomainUrl: 'https://evil.example',
        audience: 'https://test.salesforce.com',
      }),
    ).toThrow(/test\.salesforce\.com \(a Salesforce host\) but the login goes to evil\.example/);
    expect(() => planLogin({ environment: 'production', audience: 'https://evil.example' })).toThrow(
      /evil\.example \(not a Salesforce host\) but the login goes to login\.salesforce\.com/,
    );
    expect(() =>
      planLogin({
        environment: 'mydomain',
        myDomainUrl: 'http://127.0.0.1:1',
        audience: 'https://login.salesforce.com',
      }),
    ).toThrow(/127\.0\.0\.1 \(this computer\)/);
    expect(
      planLogin({ environment: 'mydomain', myDomainUrl: 'https://evil.example', audience: 'https://EVIL.example/' })
        .audience,
    ).toBe('https://evil.example');
    expect(
      planLogin({ environment: 'mydomain', myDomainUrl: 'http://127.0.0.1:1', audience: 'http://localhost:1' })
        .audience,
    ).toBe('http://localhost:1');
  });

  it('uses an explicit audience as given, with no retry', () => {
    const plan = planLogin({
      environment: 'mydomain',
      myDomainUrl: 'https://acme.my.salesforce.com',
      audience: 'https://acme.my.site.com',
    });
    expect(plan).toEqual({
      tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
      audience: 'https://acme.my.site.com',
    });
  });

  it('accepts http:// only for this computer', () => {
    expect(planLogin({ environment: 'mydomain', myDomainUrl: 'http://127.0.0.1:8080' }).tokenUrl).toBe(
      'http://127.0.0.1:8080/services/oauth2/token',
    );
    expect(() => planLogin({ environment: 'mydomain', myDomainUrl: 'http://acme.my.salesforce.com' })).toThrow(
      /must use https/,
    );
    expect(() => planLogin({ environment: 'mydomain' })).toThrow(/needs its URL/);
  });
});
