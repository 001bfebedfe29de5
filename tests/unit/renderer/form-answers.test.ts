// The form's pure helpers behind its answers: what a login is missing, "nothing was sent",
// long hints split after their first sentence, keystore warnings by entry.
import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../../shared/connection.js';
import { andList, missingForLogin } from '../../../shared/login-requirements.js';
import { EMPTY_FORM, keyMissingFrom, missingInForm, nothingSent } from '../../../renderer/form-state.js';
import { splitHint } from '../../../renderer/components/LongHint.js';
import { entryWarnings } from '../../../renderer/components/KeyFileField.js';

const saved = (over: Partial<ConnectionView> = {}): ConnectionView => ({
  id: 'c1',
  name: 'C',
  description: '',
  connectionType: 'salesforce',
  authType: 'oauth-jwt',
  encryption: 'jks',
  consumerKey: 'k',
  username: 'a@b.c',
  environment: 'production',
  createdAt: '',
  updatedAt: '',
  secretsPersisted: true,
  secrets: {
    keyStorePassword: 'saved',
    keyPassword: 'missing',
    passphrase: 'missing',
    keyMaterial: 'saved',
    accessToken: 'missing',
  },
  ...over,
});

describe('missingForLogin', () => {
  it('names every missing detail by its label, the key and its password for a keystore', () => {
    const missing = missingForLogin(
      { encryption: 'jks', consumerKey: ' ', username: '', environment: 'mydomain' },
      { keyMaterial: false, keyStorePassword: false },
    );
    expect(missing.map((m) => m.label)).toEqual([
      'Consumer Key',
      'Username',
      'My Domain URL',
      'Key Store',
      'Key Store Password',
    ]);
    expect(
      missingForLogin(
        { encryption: 'privateKey', consumerKey: 'k', username: 'a@b.c', environment: 'production' },
        { keyMaterial: true, keyStorePassword: false },
      ),
    ).toEqual([]);
    expect(andList(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

describe('missingInForm', () => {
  it('counts what is saved and readable, but not a key saved for the other Encryption Option', () => {
    const form = { ...EMPTY_FORM, consumerKey: 'k', username: 'a@b.c' };
    expect(missingInForm(form, saved())).toEqual([]);
    expect(missingInForm({ ...form, encryption: 'privateKey' }, saved()).map((m) => m.field)).toEqual(['keyFile']);
    expect(
      missingInForm(form, saved({ secretsProblem: { code: 'VAULT_UNAVAILABLE', message: '', hint: '' } })).map(
        (m) => m.field,
      ),
    ).toEqual(['keyFile', 'keyStorePassword']);
  });

  it('knows an imported connection that came without its key', () => {
    const imported = saved({
      keyFile: { fileName: 'a.jks', format: 'jks', importedAt: '' },
      secrets: { ...saved().secrets, keyMaterial: 'missing' },
    });
    expect(keyMissingFrom(EMPTY_FORM, imported)).toBe(true);
    expect(keyMissingFrom({ ...EMPTY_FORM, pickedKeyFile: { fileName: 'a.jks', base64: '' } }, imported)).toBe(false);
    expect(keyMissingFrom(EMPTY_FORM, saved())).toBe(false);
  });
});

describe('nothingSent', () => {
  it('lists the labels of a refusal made before any request, and nothing for other failures', () => {
    expect(
      nothingSent({
        code: 'BAD_INPUT',
        message: '',
        details: { fields: [{ field: 'consumerKey', label: 'Consumer Key' }, { field: 'username' }] },
      }),
    ).toEqual(['Consumer Key', 'Username']);
    expect(
      nothingSent({ code: 'BAD_INPUT', message: 'My Domain URL must use https://', details: { field: 'myDomainUrl' } }),
    ).toBeUndefined();
    expect(nothingSent({ code: 'NETWORK_REFUSED', message: '' })).toBeUndefined();
  });
});

describe('splitHint', () => {
  it('keeps the first sentence and opens the rest on demand, not cutting at "e.g."', () => {
    expect(splitHint('Check the URL. Then try again.')).toEqual(['Check the URL.', 'Then try again.']);
    expect(splitHint('Use a My Domain, e.g. Acme. Then save.')).toEqual(['Use a My Domain, e.g. Acme.', 'Then save.']);
    expect(splitHint('One sentence only.')).toEqual(['One sentence only.', '']);
    expect(splitHint('name@company.com.uat logs in at test.salesforce.com. Then save.')).toEqual([
      'name@company.com.uat logs in at test.salesforce.com.',
      'Then save.',
    ]);
  });
});

describe('entryWarnings', () => {
  it('puts the key in use first and marks the others as not in use', () => {
    const warnings = [
      'integration_user: The certificate expired on 2026-12-03.',
      'app: The certificate expires in 5 days.',
      'The file is old.',
    ];
    expect(entryWarnings(warnings, ['integration_user', 'second', 'app'], 'App')).toEqual([
      'app (the key in use): The certificate expires in 5 days.',
      'The file is old.',
      'integration_user (another key, not the one in use): The certificate expired on 2026-12-03.',
    ]);
  });
});
