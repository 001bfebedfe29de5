import { describe, expect, it } from 'vitest';
import {
  asCurlIdentity,
  asEnvironmentVariables,
  asSfLoginCommand,
  sfKeyPlaceholder,
  shellQuote,
} from '../../../renderer/copy-as.js';

describe('Copy as… text', () => {
  it('quotes for a POSIX shell only when needed, single quotes surviving', () => {
    expect(shellQuote('https://acme.my.salesforce.com')).toBe('https://acme.my.salesforce.com');
    expect(shellQuote('00D!abc')).toBe(`'00D!abc'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('a b')).toBe(`'a b'`);
  });

  it('builds env lines and a curl call that carry the token, and an sf command that does not', () => {
    const t = {
      accessToken: '00D!tok',
      instanceUrl: 'https://acme.my.salesforce.com',
      id: 'https://login.salesforce.com/id/00D/005',
    };
    expect(asEnvironmentVariables(t)).toBe(
      `export SF_ACCESS_TOKEN='00D!tok'\nexport SF_INSTANCE_URL=https://acme.my.salesforce.com\nexport SF_ORG_INSTANCE_URL=https://acme.my.salesforce.com\n`,
    );
    expect(asCurlIdentity(t)).toBe(`curl -H 'Authorization: Bearer 00D!tok' https://login.salesforce.com/id/00D/005\n`);
    const prod = asSfLoginCommand({
      consumerKey: '3MVG',
      username: 'a@b.com',
      environment: 'production',
      keyFileName: 'server.key',
    });
    expect(prod).toBe(
      'sf org login jwt \\\n  --client-id 3MVG \\\n  --jwt-key-file path/to/server.key \\\n  --username a@b.com\n',
    );
    expect(asSfLoginCommand({ consumerKey: '', username: '', environment: 'sandbox' })).toContain(
      `--client-id '<consumer key>'`,
    );
    expect(asSfLoginCommand({ consumerKey: 'k', username: 'u@x', environment: 'sandbox' })).toContain(
      '--instance-url https://test.salesforce.com',
    );
  });

  it('stands a PEM placeholder in for keys sf cannot take by path', () => {
    expect(sfKeyPlaceholder('store.p12')).toBe('path/to/server.key');
    expect(sfKeyPlaceholder(undefined)).toBe('path/to/server.key');
    expect(sfKeyPlaceholder('my key.pem')).toBe('path/to/my key.pem');
  });
});
