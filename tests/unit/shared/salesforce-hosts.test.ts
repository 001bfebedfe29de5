// Which hosts are Salesforce's and which are this computer: the one answer every check (audience
// retry and override, identity URL, Open in Salesforce, the window's mark) relies on.
import { describe, expect, it } from 'vitest';
import {
  audienceFitsTokenHost,
  foreignLoginHost,
  hostName,
  isLoopbackHost,
  isSalesforceHost,
} from '../../../shared/salesforce-hosts.js';

describe("Salesforce's own hosts", () => {
  it.each([
    'login.salesforce.com',
    'test.salesforce.com',
    'acme.my.salesforce.com',
    'acme--uat.sandbox.my.salesforce.com',
    'acme.lightning.force.com',
    'acme.my.site.com',
    'acme.my.salesforce.mil',
    'acme.my.sfcrmproducts.cn',
    'x.sfcrmapps.cn',
    'c.visualforce.com',
    'acme.my.salesforce-setup.com',
    'na1.cloudforce.com',
    'x.force.mil',
    'x.crmforce.mil',
    'salesforce.com',
    'force.com',
  ])("%s is Salesforce's", (host) => {
    expect(isSalesforceHost(host)).toBe(true);
    expect(isSalesforceHost(`https://${host}`)).toBe(true);
  });

  it.each([
    ['a look-alike without the dot', 'evilsalesforce.com'],
    ["Salesforce's name as a left-hand label", 'login.salesforce.com.evil.example'],
    ['another top-level domain', 'acme.my.salesforce.co'],
    ['a typo', 'acme.my.salesfroce.com'],
    ['a look-alike in Cyrillic (a punycode host of its own)', 'acme.my.ѕalesforce.com'],
    ['an empty label', 'acme..salesforce.com'],
    ['an IP address', '13.108.0.1'],
    ['nothing', ''],
  ])('%s (%s) is not', (_why, host) => {
    expect(isSalesforceHost(host)).toBe(false);
  });

  it('reads the host as the network will: case, trailing dot, port, user info, IDN, path tricks', () => {
    expect(isSalesforceHost('HTTPS://ACME.MY.SALESFORCE.COM/')).toBe(true);
    expect(isSalesforceHost('https://acme.my.salesforce.com.:443')).toBe(true);
    expect(isSalesforceHost('acme.my.salesforce.com:8443')).toBe(true);
    expect(isSalesforceHost('https://login.salesforce.com@evil.example')).toBe(false);
    expect(isSalesforceHost('https://evil.example/.salesforce.com')).toBe(false);
    expect(isSalesforceHost('https://evil.example\\.salesforce.com')).toBe(false);
    expect(isSalesforceHost('https://evil.example?.salesforce.com')).toBe(false);
    expect(isSalesforceHost('https://evil.example#.salesforce.com')).toBe(false);
    expect(hostName('https://ÄCME.my.salesforce.com')).toBe('xn--cme-pla.my.salesforce.com');
    expect(isSalesforceHost('https://äcme.my.salesforce.com')).toBe(true); // an IDN label under Salesforce's domain is still Salesforce's
    expect(hostName('https://user:pw@Acme.Example.:8443/x')).toBe('acme.example');
    expect(hostName('http://[::1]:9')).toBe('::1');
    expect(hostName('not a host at all')).toBeUndefined();
  });
});

describe('this computer', () => {
  it.each([
    '127.0.0.1',
    'http://127.0.0.1:8788',
    '127.3.2.1',
    'localhost',
    'LOCALHOST.',
    'http://localhost:5173/',
    '::1',
    '[::1]',
    'http://[::1]:9/',
    'http://127.1/',
    'http://0x7f.1/',
  ])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each([
    '128.0.0.1',
    '10.0.0.1',
    'localhost.evil.example',
    'evil.localhost.example',
    '127.0.0.1.nip.io',
    '::2',
    '0.0.0.0',
    '',
  ])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('an audience for another host than the token host', () => {
  it('is fine for the same host, between Salesforce hosts, and on this computer', () => {
    expect(audienceFitsTokenHost('https://evil.example/services/oauth2/token', 'https://EVIL.example.')).toBe(true);
    expect(
      audienceFitsTokenHost('https://acme.my.salesforce.com/services/oauth2/token', 'https://login.salesforce.com'),
    ).toBe(true);
    expect(
      audienceFitsTokenHost('https://login.salesforce.com/services/oauth2/token', 'https://acme.my.site.com'),
    ).toBe(true);
    expect(audienceFitsTokenHost('http://127.0.0.1:1/services/oauth2/token', 'http://localhost:2')).toBe(true);
  });
  it('is refused between a Salesforce host, this computer and a stranger, either way round', () => {
    expect(audienceFitsTokenHost('https://evil.example/services/oauth2/token', 'https://login.salesforce.com')).toBe(
      false,
    );
    expect(audienceFitsTokenHost('https://login.salesforce.com/services/oauth2/token', 'https://evil.example')).toBe(
      false,
    );
    expect(audienceFitsTokenHost('http://127.0.0.1:1/services/oauth2/token', 'https://login.salesforce.com')).toBe(
      false,
    );
    expect(audienceFitsTokenHost('https://acme.my.salesforce.com/services/oauth2/token', 'http://127.0.0.1:1')).toBe(
      false,
    );
    expect(audienceFitsTokenHost('https://a.example/services/oauth2/token', 'https://b.example')).toBe(false);
  });
});

describe("the window's mark", () => {
  it("names a My Domain host that is neither Salesforce's nor this computer's", () => {
    expect(foreignLoginHost('https://acme.my.salesforce.com.evil.example/')).toBe(
      'acme.my.salesforce.com.evil.example',
    );
    expect(foreignLoginHost('proxy.corp.example:8443')).toBe('proxy.corp.example');
    expect(foreignLoginHost('https://acme.my.salesforce.com')).toBeUndefined();
    expect(foreignLoginHost('http://127.0.0.1:8788')).toBeUndefined();
    expect(foreignLoginHost('')).toBeUndefined();
    expect(foreignLoginHost(undefined)).toBeUndefined();
  });
});
