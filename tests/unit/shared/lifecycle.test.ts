import { describe, expect, it } from 'vitest';
import { isSandboxTarget, proposeSandbox } from '../../../shared/lifecycle.js';

describe('a sandbox of a production connection', () => {
  it('proposes the sandbox My Domain and username as Salesforce names them', () => {
    expect(proposeSandbox({ myDomainUrl: 'https://Acme.my.salesforce.com/', username: 'int@acme.com' }, 'UAT')).toEqual(
      { myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com', username: 'int@acme.com.uat' },
    );
  });

  it('proposes no My Domain where production has none to build on (login.salesforce.com, a sandbox, another host)', () => {
    expect(proposeSandbox({ username: 'int@acme.com' }, 'qa')).toEqual({ username: 'int@acme.com.qa' });
    expect(proposeSandbox({ myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com', username: '' }, 'qa')).toEqual(
      {},
    );
    expect(proposeSandbox({ myDomainUrl: 'https://evil.example/acme.my.salesforce.com' }, 'qa')).toEqual({});
  });

  it('knows a sandbox login by its environment or its My Domain', () => {
    expect(isSandboxTarget({ environment: 'sandbox' })).toBe(true);
    expect(
      isSandboxTarget({ environment: 'mydomain', myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com' }),
    ).toBe(true);
    expect(isSandboxTarget({ environment: 'mydomain', myDomainUrl: 'https://acme.my.salesforce.com' })).toBe(false);
  });
});
