// What a list row says: the environment badge (a My Domain's production or sandbox), the login host,
// certificate health short and long.
import { describe, expect, it } from 'vitest';
import { certificateHealth, environmentBadge, loginHost } from '../../../renderer/list-format.js';

describe('environmentBadge', () => {
  it('tells a sandbox My Domain (NAME--SBX.sandbox.my…) from a production one', () => {
    expect(
      environmentBadge({ environment: 'mydomain', myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com' }),
    ).toEqual({ label: 'Sandbox · My Domain', kind: 'sandbox' });
    expect(environmentBadge({ environment: 'mydomain', myDomainUrl: 'https://acme.my.salesforce.com' })).toEqual({
      label: 'Production · My Domain',
      kind: 'production',
    });
    expect(environmentBadge({ environment: 'mydomain', myDomainUrl: 'https://acme.my.salesforce.mil' }).kind).toBe(
      'production',
    );
  });

  it('calls neither an emulator on this computer nor a URL it cannot read', () => {
    expect(environmentBadge({ environment: 'mydomain', myDomainUrl: 'http://127.0.0.1:8443' })).toEqual({
      label: 'My Domain',
      kind: 'mydomain',
    });
    expect(environmentBadge({ environment: 'mydomain', myDomainUrl: 'not a url' })).toEqual({
      label: 'My Domain',
      kind: 'mydomain',
    });
    expect(environmentBadge({ environment: 'sandbox' })).toEqual({ label: 'Sandbox', kind: 'sandbox' });
  });
});

describe('loginHost', () => {
  it('is login/test.salesforce.com or the My Domain host', () => {
    expect(loginHost({ environment: 'production' })).toBe('login.salesforce.com');
    expect(loginHost({ environment: 'sandbox' })).toBe('test.salesforce.com');
    expect(loginHost({ environment: 'mydomain', myDomainUrl: 'https://acme.my.salesforce.com/' })).toBe(
      'acme.my.salesforce.com',
    );
    expect(loginHost({ environment: 'mydomain' })).toBe('no My Domain URL');
  });
});

describe('certificateHealth', () => {
  it('has a short form for the row and the whole sentence for its tooltip', () => {
    expect(certificateHealth(365)).toEqual({ text: 'Certificate: 365 days left', short: 'Cert 365 d', level: 'ok' });
    expect(certificateHealth(1)).toEqual({
      text: 'Certificate expires in 1 day',
      short: 'Cert 1 d left',
      level: 'warn',
    });
    expect(certificateHealth(-3)).toEqual({
      text: 'Certificate expired 3 days ago',
      short: 'Cert expired 3 d ago',
      level: 'bad',
    });
    expect(certificateHealth(undefined)).toBeUndefined();
  });
});
