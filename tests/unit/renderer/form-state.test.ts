// The form's pure parts: its model from a saved connection and back to a draft, where an error
// belongs, what a login depends on (so a token is never shown for other settings).
import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../../shared/connection.js';
import {
  draftFromForm,
  EMPTY_FORM,
  fieldErrorsOf,
  fieldOfError,
  formFromConnection,
  unparsableFields,
} from '../../../renderer/form-state.js';
import { changedLoginFields, loginFieldsOf } from '../../../renderer/login-proof.js';

const view: ConnectionView = {
  id: 'c1',
  name: 'UAT',
  description: 'd',
  connectionType: 'salesforce',
  authType: 'oauth-jwt',
  encryption: 'jks',
  consumerKey: 'k',
  username: 'a@b.c',
  environment: 'mydomain',
  myDomainUrl: 'https://acme.my.salesforce.com',
  certificateName: 'app',
  timeoutSeconds: 45,
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
};

describe('formFromConnection and draftFromForm', () => {
  it('round-trip the saved fields; empty passwords keep what is saved', () => {
    const form = formFromConnection(view);
    expect(form.timeoutSeconds).toBe('45');
    const draft = draftFromForm(form);
    expect(draft).toMatchObject({
      name: 'UAT',
      consumerKey: 'k',
      environment: 'mydomain',
      myDomainUrl: 'https://acme.my.salesforce.com',
      certificateName: 'app',
      timeoutSeconds: 45,
      secrets: {},
    });
    expect(draft.keyFile).toBeUndefined();
  });

  it('drops the My Domain URL for another environment and the alias for a private key', () => {
    const draft = draftFromForm({
      ...formFromConnection(view),
      environment: 'sandbox',
      encryption: 'privateKey',
      passphrase: 'p',
    });
    expect(draft.myDomainUrl).toBeUndefined();
    expect(draft.certificateName).toBeUndefined();
    expect(draft.secrets).toEqual({ passphrase: 'p' });
  });
});

describe('unparsableFields', () => {
  it('refuses a timeout outside 1 to 600 seconds and nothing else', () => {
    expect(unparsableFields({ ...EMPTY_FORM, timeoutSeconds: '601' })).toEqual({
      timeoutSeconds: 'Timeout is a number of seconds, 1 to 600.',
    });
    expect(unparsableFields({ ...EMPTY_FORM, timeoutSeconds: '30' })).toEqual({});
    expect(unparsableFields(EMPTY_FORM)).toEqual({});
  });
});

describe('fieldOfError and fieldErrorsOf', () => {
  it('put an error next to the field it names, a host failure at the My Domain URL, the rest on the form', () => {
    expect(fieldOfError({ code: 'WRONG_PASSWORD', message: '' }, 'production')).toBe('keyStorePassword');
    expect(fieldOfError({ code: 'NETWORK_DNS', message: '' }, 'mydomain')).toBe('myDomainUrl');
    expect(fieldOfError({ code: 'NETWORK_DNS', message: '' }, 'production')).toBe('form');
    expect(fieldOfError({ code: 'AUDIENCE_INVALID', message: '', details: { field: 'environment' } }, 'mydomain')).toBe(
      'myDomainUrl',
    );
    expect(
      fieldErrorsOf({
        code: 'BAD_INPUT',
        message: '',
        details: {
          fields: [
            { field: 'username', message: 'Username is required.' },
            { field: 'nonsense' as never, message: 'x' },
          ],
        },
      }),
    ).toEqual({ username: 'Username is required.' });
  });
});

describe('login fields', () => {
  it('names the login fields that changed, ignoring the name, description and timeout', () => {
    const before = loginFieldsOf(formFromConnection(view));
    expect(
      changedLoginFields(
        before,
        loginFieldsOf({ ...formFromConnection(view), name: 'other', description: 'x', timeoutSeconds: '5' }),
      ),
    ).toEqual([]);
    expect(
      changedLoginFields(
        before,
        loginFieldsOf({ ...formFromConnection(view), username: 'z@b.c', certificateName: 'APP' }),
      ),
    ).toEqual(['Username']);
    expect(
      changedLoginFields(
        before,
        loginFieldsOf({ ...formFromConnection(view), pickedKeyFile: { fileName: 'a.jks', base64: 'AA==' } }),
      ),
    ).toEqual(['key file']);
  });
});
