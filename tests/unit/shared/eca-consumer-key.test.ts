// The consumer key read back from the global OAuth settings file Salesforce returns after the
// deploy (the Consumer Key field takes it picked or dropped): the key alone, or why not.
import { describe, expect, it } from 'vitest';
import { generateSetupFiles } from '../../../electron/salesforce/eca-setup/index.js';
import { consumerKeyFromOauthFile } from '../../../shared/eca-consumer-key.js';
import type { AppError } from '../../../shared/errors.js';
import { fixture, USERNAME } from '../../support/helpers.js';

const setup = () =>
  generateSetupFiles({
    certificatePem: fixture('app.crt').toString('utf8'),
    appName: 'JWT Connect',
    connection: { username: USERNAME },
  });

describe('the consumer key from a retrieved global OAuth settings file', () => {
  const retrieved = (inside: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<!-- retrieved -->\n<ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">\n    <callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl>\n${inside}\n    <externalClientApplication>JWT_Connect</externalClientApplication>\n</ExtlClntAppGlobalOauthSettings>\n`;

  it('takes the key and nothing else (the file may hold the secret too)', () => {
    const text = retrieved(
      '    <consumerKey>3MVG9rZjd7MXFdLi.Ab_cd</consumerKey>\n    <consumerSecret>ABCDEF0123456789</consumerSecret>',
    );
    expect(consumerKeyFromOauthFile(text)).toBe('3MVG9rZjd7MXFdLi.Ab_cd');
    expect(consumerKeyFromOauthFile(`\uFEFF${text.replace(/\n/g, '\r\n')}`)).toBe('3MVG9rZjd7MXFdLi.Ab_cd');
  });

  it('says what is wrong with other files, naming the Consumer Key field', () => {
    const why = (text: string) => {
      try {
        consumerKeyFromOauthFile(text);
      } catch (e) {
        expect((e as AppError).details?.field).toBe('consumerKey');
        return (e as AppError).message;
      }
      throw new Error('expected a refusal');
    };
    // The file jwt-connect wrote, before the deploy: no key yet.
    const generated = setup().find((f) => f.path.endsWith('.ecaGlblOauth-meta.xml'))?.content as string;
    expect(why(generated)).toMatch(/no consumer key.*before the deploy/);
    const oauthSettings = setup().find((f) => f.path.endsWith('.ecaOauth-meta.xml'))?.content as string;
    expect(why(oauthSettings)).toMatch(/root element is <ExtlClntAppOauthSettings>/);
    expect(why(fixture('app.crt').toString('utf8'))).toMatch(/no XML found/);
    expect(why(retrieved('<consumerKey>a</consumerKey><consumerKey>b</consumerKey>'))).toMatch(/more than one/);
    expect(why(retrieved('<consumerKey>has space &amp; &lt;tag&gt;</consumerKey>'))).toMatch(/does not look like one/);
    expect(why(retrieved(`<consumerKey>${'k'.repeat(300_000)}</consumerKey>`))).toMatch(/too large/);
  });
});
