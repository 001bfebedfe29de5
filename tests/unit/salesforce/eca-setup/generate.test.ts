// The External Client App setup files, parsed with a real XML parser and checked against FACTS.md
// ("Metadata for a deployable JWT ECA"): types, folders, suffixes, the fields that matter and the
// fields that must never be there.
import { X509Certificate } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  generateSetupFiles,
  type SetupFile,
  type SetupOptions,
} from '../../../../electron/salesforce/eca-setup/index.js';
import { AppError } from '../../../../shared/errors.js';
import { fixture, USERNAME } from '../../../support/helpers.js';

const CERT = fixture('app.crt').toString('utf8');
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

function files(options: Partial<SetupOptions> = {}): Map<string, string> {
  const list: SetupFile[] = generateSetupFiles({ certificatePem: CERT, appName: 'JWT Connect', ...options });
  return new Map(list.map((f) => [f.path, f.content]));
}

/** The document's root element name and its children (text values), after a strict validity check. */
function parse(xml: string): { root: string; ns: string; fields: Record<string, unknown> } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as Record<string, Record<string, unknown>>;
  const roots = Object.keys(doc).filter((k) => k !== '?xml');
  expect(roots).toHaveLength(1);
  const root = roots[0] as string;
  const { '@_xmlns': ns, '#text': between, ...fields } = doc[root] as Record<string, unknown>;
  expect(String(between ?? '').trim()).toBe(''); // nothing but elements inside the root
  return { root, ns: String(ns), fields };
}

const D = 'force-app/main/default';
const EXPECTED: Record<string, string> = {
  [`${D}/externalClientApps/JWT_Connect.eca-meta.xml`]: 'ExternalClientApplication',
  [`${D}/extlClntAppGlobalOauthSets/JWT_Connect_glbloauth.ecaGlblOauth-meta.xml`]: 'ExtlClntAppGlobalOauthSettings',
  [`${D}/extlClntAppOauthSettings/JWT_Connect_oauth.ecaOauth-meta.xml`]: 'ExtlClntAppOauthSettings',
  [`${D}/extlClntAppOauthPolicies/JWT_Connect_oauthPlcy.ecaOauthPlcy-meta.xml`]: 'ExtlClntAppOauthConfigurablePolicies',
  [`${D}/extlClntAppPolicies/JWT_Connect_plcy.ecaPlcy-meta.xml`]: 'ExtlClntAppConfigurablePolicies',
  [`${D}/permissionsets/JWT_Connect_Access.permissionset-meta.xml`]: 'PermissionSet',
};

describe('the setup project', () => {
  it('holds exactly the project files, the five ECA files and the permission set, each of its type and in its folder', () => {
    const out = files({ connection: { username: USERNAME } });
    expect([...out.keys()].sort()).toEqual(
      ['README.md', 'manifest/package.xml', 'sfdx-project.json', ...Object.keys(EXPECTED)].sort(),
    );
    for (const [path, type] of Object.entries(EXPECTED)) {
      const { root, ns } = parse(out.get(path) as string);
      expect(root, path).toBe(type);
      expect(ns).toBe('http://soap.sforce.com/2006/04/metadata');
    }
    const project = JSON.parse(out.get('sfdx-project.json') as string);
    expect(project.packageDirectories).toEqual([{ path: 'force-app', default: true }]);
    expect(project.sourceApiVersion).toBe('64.0');
  });

  it('has the fields that make a JWT app work, and every child names its app', () => {
    const out = files({ contactEmail: 'admin@example.com' });
    const get = (type: string) =>
      parse(out.get(Object.keys(EXPECTED).find((p) => EXPECTED[p] === type) as string) as string).fields;

    const app = get('ExternalClientApplication');
    expect(app).toMatchObject({
      label: 'JWT Connect',
      contactEmail: 'admin@example.com',
      distributionState: 'Local',
      isProtected: 'false',
    });
    expect(String(app.description)).toContain(new X509Certificate(CERT).fingerprint256);

    const global = get('ExtlClntAppGlobalOauthSettings');
    expect(global).toMatchObject({
      externalClientApplication: 'JWT_Connect',
      isConsumerSecretOptional: 'true',
      isPkceRequired: 'false',
      shouldRotateConsumerKey: 'false',
      shouldRotateConsumerSecret: 'false',
    });
    expect(typeof global.callbackUrl).toBe('string');
    // The certificate element is the fixture's certificate (having it is "Enable JWT Bearer Flow").
    expect(new X509Certificate(String(global.certificate)).fingerprint256).toBe(
      new X509Certificate(CERT).fingerprint256,
    );

    expect(get('ExtlClntAppOauthSettings')).toMatchObject({
      externalClientApplication: 'JWT_Connect',
      commaSeparatedOauthScopes: 'Api, Web, RefreshToken',
    });
    expect(get('ExtlClntAppOauthConfigurablePolicies')).toMatchObject({
      externalClientApplication: 'JWT_Connect',
      permittedUsersPolicyType: 'AdminApprovedPreAuthorized',
      commaSeparatedPermissionSet: 'JWT_Connect_Access',
      ipRelaxationPolicyType: 'Enforce',
      requiredSessionLevel: 'STANDARD',
    });
    expect(get('ExtlClntAppConfigurablePolicies')).toMatchObject({
      externalClientApplication: 'JWT_Connect',
      isEnabled: 'true',
      isOauthPluginEnabled: 'true',
    });
    // The permission set grants nothing: a label and a description, no permissions of any kind.
    expect(Object.keys(get('PermissionSet')).sort()).toEqual(['description', 'hasActivationRequired', 'label']);
  });

  it('never holds a consumer key, a consumer secret, an oauthLink or the named-user JWT switch', () => {
    for (const [path, content] of files({ connection: { username: USERNAME, name: 'UAT' } })) {
      if (!path.endsWith('.xml')) continue;
      const { fields } = parse(content);
      for (const absent of ['consumerKey', 'consumerSecret', 'oauthLink', 'isNamedUserJwtEnabled'])
        expect(fields, `${path} ${absent}`).not.toHaveProperty(absent);
    }
  });

  it('writes elements in alphabetical order, as Salesforce retrieves them', () => {
    for (const [path, content] of files()) {
      if (!path.startsWith('force-app')) continue;
      const names = [...content.matchAll(/^ {4}<([A-Za-z]+)>/gm)].map((m) => m[1] as string);
      expect(names, path).toEqual([...names].sort());
    }
  });

  it('lists exactly its components in manifest/package.xml', () => {
    const out = files({ apiName: 'Acme_CI', permissionSet: 'Acme_CI_Users', apiVersion: '65.0' });
    const { root, fields } = parse(out.get('manifest/package.xml') as string);
    expect(root).toBe('Package');
    expect(fields.version).toBe('65.0');
    const types = (Array.isArray(fields.types) ? fields.types : [fields.types]) as { name: string; members: string }[];
    const listed = types.map((t) => `${t.name}:${t.members}`).sort();
    expect(listed).toEqual([
      'ExternalClientApplication:Acme_CI',
      'ExtlClntAppConfigurablePolicies:Acme_CI_plcy',
      'ExtlClntAppGlobalOauthSettings:Acme_CI_glbloauth',
      'ExtlClntAppOauthConfigurablePolicies:Acme_CI_oauthPlcy',
      'ExtlClntAppOauthSettings:Acme_CI_oauth',
      'PermissionSet:Acme_CI_Users',
    ]);
    // Each member is a file of the project, named member + suffix.
    const paths = [...out.keys()];
    for (const entry of listed)
      expect(
        paths.some((p) =>
          p
            .split('/')
            .pop()
            ?.startsWith(`${entry.split(':')[1]}.`),
        ),
        entry,
      ).toBe(true);
    expect(JSON.parse(out.get('sfdx-project.json') as string).sourceApiVersion).toBe('65.0');
  });
});

describe('hostile text', () => {
  it('escapes an app name that tries to close its element and add a consumer key', () => {
    const appName = '</label><consumerKey>stolen</consumerKey> & "quotes" \'too\'';
    const out = files({ appName, apiName: 'Evil' });
    for (const [path, content] of out) {
      if (!path.endsWith('.xml')) continue;
      const { fields } = parse(content);
      expect(fields).not.toHaveProperty('consumerKey');
      if ('label' in fields && !path.includes('permissionsets')) expect(fields.label, path).toBe(appName);
    }
    expect(out.get('README.md')).not.toContain('<consumerKey>stolen');
    // An apostrophe is fine in an address (and escaped in the file).
    const app = files({ contactEmail: "o'brien@example.com" }).get(
      `${D}/externalClientApps/JWT_Connect.eca-meta.xml`,
    ) as string;
    expect(parse(app).fields.contactEmail).toBe("o'brien@example.com");
  });

  it('refuses control characters in any text that goes into a file, naming the field', () => {
    const refused = (options: Partial<SetupOptions>) => {
      try {
        files(options);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return (error as AppError).details?.field;
      }
      throw new Error('expected a refusal');
    };
    expect(refused({ appName: 'JWT\u0000Connect' })).toBe('appName');
    expect(refused({ appName: 'JWT\u202eConnect' })).toBe('appName');
    expect(refused({ contactEmail: 'a\u0007@b.com' })).toBe('contactEmail');
    expect(refused({ contactEmail: 'not an email' })).toBe('contactEmail');
    expect(refused({ appName: 'x'.repeat(81) })).toBe('appName');
  });

  it("quotes a connection's name and username in the README's commands, and tames control characters", () => {
    const readme = files({
      connection: {
        name: "O'Brien's \u001b[31morg",
        username: "o'brien@example.com",
        environment: 'mydomain',
        myDomainUrl: 'https://acme.my.salesforce.com',
      },
    }).get('README.md') as string;
    expect(readme).toContain(`--on-behalf-of 'o'\\''brien@example.com'`);
    expect(readme).toContain(`jwt-connect authorise --connection 'O'\\''Brien'\\''s ?[31morg'`);
    expect(readme).not.toContain('\u001b');
    expect(readme).toContain('sf org login web --instance-url https://acme.my.salesforce.com');
  });
});

describe('API names', () => {
  const field = (options: Partial<SetupOptions>) => {
    try {
      files(options);
      return undefined;
    } catch (error) {
      return error as AppError;
    }
  };

  it('derives the API names from the app name the way Setup does', () => {
    const names = (appName: string) =>
      [...files({ appName }).keys()]
        .find((p) => p.includes('externalClientApps/'))
        ?.split('/')
        .pop();
    expect(names('JWT Connect')).toBe('JWT_Connect.eca-meta.xml');
    expect(names('  Café — CI / UAT!! ')).toBe('Cafe_CI_UAT.eca-meta.xml');
    expect(names('2026 integration')).toBe('X2026_integration.eca-meta.xml');
    expect(names('A'.repeat(39) + ' B')).toBe(`${'A'.repeat(39)}.eca-meta.xml`); // cut to 40, then no trailing _
    expect(
      files({ appName: 'Nightly build' }).has(`${D}/permissionsets/Nightly_build_Access.permissionset-meta.xml`),
    ).toBe(true);
  });

  it("refuses names Salesforce would refuse, naming the flag's field and the rule", () => {
    for (const [apiName, rule] of [
      ['1abc', /start with a letter/],
      ['a__b', /two underscores/],
      ['ab_', /end with an underscore/],
      ['a-b', /letters/],
      ['A'.repeat(41), /41 characters/],
    ] as const) {
      const error = field({ apiName });
      expect(error?.details?.field, apiName).toBe('apiName');
      expect(error?.message, apiName).toMatch(rule);
    }
    expect(field({ permissionSet: 'Has space' })?.details?.field).toBe('permissionSet');
    expect(field({ permissionSet: 'P'.repeat(80) })).toBeUndefined(); // a permission set's API name may be 80 long
    expect(field({ appName: '日本語アプリ' })?.details?.field).toBe('apiName');
    expect(field({ appName: '日本語アプリ', apiName: 'Japan_App' })).toBeUndefined();
    expect(field({ apiVersion: '59.0' })?.details?.field).toBe('apiVersion');
    expect(field({ apiVersion: '64' })?.details?.field).toBe('apiVersion');
  });
});

describe('the README', () => {
  it('gives the exact next commands for this connection, in order', () => {
    const readme = files({
      connection: { name: 'UAT', username: USERNAME, environment: 'sandbox' },
      adminOrg: 'uat-admin',
    }).get('README.md') as string;
    const commands = [
      'sf org login web --instance-url https://test.salesforce.com --alias uat-admin',
      'sf project deploy start --manifest manifest/package.xml --target-org uat-admin',
      `sf org assign permset --name JWT_Connect_Access --on-behalf-of ${USERNAME} --target-org uat-admin`,
      'sf project retrieve start --metadata ExtlClntAppGlobalOauthSettings:JWT_Connect_glbloauth --target-org uat-admin',
      'jwt-connect authorise --connection UAT --consumer-key CONSUMER_KEY --wait 10m',
    ];
    let at = -1;
    for (const command of commands) {
      const found = readme.indexOf(command);
      expect(found, command).toBeGreaterThan(at);
      at = found;
    }
    expect(readme).toContain(`${D}/extlClntAppGlobalOauthSets/JWT_Connect_glbloauth.ecaGlblOauth-meta.xml`);
    expect(readme).toContain('<consumerKey>');
    expect(readme).toMatch(/My Domain/); // a sandbox connection is told where ECAs answer
    expect(readme).toMatch(/few minutes/);
  });

  it('without a connection, says what to put in place of the username', () => {
    const readme = files().get('README.md') as string;
    expect(readme).toContain('--on-behalf-of USERNAME');
    expect(readme).toContain('Replace USERNAME');
  });
});
