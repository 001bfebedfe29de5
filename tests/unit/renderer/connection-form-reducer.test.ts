// The connection form's state, press by press: what an edit clears, what a press refuses before
// sending anything, where each answer lands, and what the form then shows beside each field.
import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../../shared/connection.js';
import type { KeyFileInfo } from '../../../shared/keys.js';
import type { AuthoriseResult } from '../../../shared/salesforce.js';
import {
  connectionFormReducer,
  initialModel,
  refusedFields,
  type ConnectionFormModel,
  type FormEvent,
} from '../../../renderer/connection-form-reducer.js';
import { aliasProblemOf, connectionFormView } from '../../../renderer/connection-form-view.js';

const saved: ConnectionView = {
  id: 'c1',
  name: 'UAT',
  description: '',
  connectionType: 'salesforce',
  authType: 'oauth-jwt',
  encryption: 'jks',
  consumerKey: 'k',
  username: 'a@b.c',
  environment: 'production',
  certificateName: 'app',
  createdAt: '',
  updatedAt: '',
  secretsPersisted: true,
  keyFile: { fileName: 'app.jks', format: 'jks', importedAt: '2026-01-01T00:00:00Z' } as ConnectionView['keyFile'],
  secrets: {
    keyStorePassword: 'saved',
    keyPassword: 'missing',
    passphrase: 'missing',
    keyMaterial: 'saved',
    accessToken: 'missing',
  },
};

const token: AuthoriseResult = {
  accessToken: '00D!x',
  instanceUrl: 'https://na1.salesforce.com',
  id: 'https://login.salesforce.com/id/00D/005',
  tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
  audience: 'https://login.salesforce.com',
  issuedAt: '2026-01-01T00:00:00Z',
  elapsedMs: 1234,
};

const keystore = (...aliases: string[]): KeyFileInfo => ({
  format: 'jks',
  formatLabel: 'Java KeyStore',
  verified: true,
  encrypted: true,
  locked: false,
  warnings: [],
  entries: aliases.map((alias) => ({
    alias,
    kind: 'privateKey' as const,
    certificate: { subject: `CN=${alias}` } as never,
  })),
});

const apply = (m: ConnectionFormModel, ...events: FormEvent[]) => events.reduce(connectionFormReducer, m);

describe('a new form and a saved one', () => {
  it('starts empty for a new connection, with nothing marked missing until a press', () => {
    const m = initialModel(undefined);
    expect(m.form.name).toBe('');
    expect(m.showMissing).toBe(false);
    expect(connectionFormView(m, undefined).errorFor('username')).toBeUndefined();
  });

  it('marks at once what a saved connection still lacks for a login', () => {
    const lacking = { ...saved, consumerKey: '' };
    const m = initialModel(lacking);
    expect(m.showMissing).toBe(true);
    expect(connectionFormView(m, lacking).errorFor('consumerKey')).toMatch(/Consumer Key/);
    expect(initialModel(saved).showMissing).toBe(false);
  });
});

describe('editing', () => {
  it('clears the message on the edited field, and the run error that pointed at it, but not others', () => {
    let m = apply(initialModel(saved), {
      type: 'failed',
      press: 'save',
      environment: 'production',
      error: {
        code: 'BAD_INPUT',
        message: 'Check the fields.',
        details: {
          field: 'username',
          fields: [
            { field: 'username', message: 'Username is wrong.' },
            { field: 'consumerKey', message: 'Consumer Key is wrong.' },
          ],
        },
      },
    });
    expect(m.fieldErrors).toMatchObject({ username: 'Username is wrong.', consumerKey: 'Consumer Key is wrong.' });
    expect(m.runError?.field).toBe('username');
    m = apply(m, { type: 'edit', key: 'username', value: 'b@b.c' });
    expect(m.form.username).toBe('b@b.c');
    expect(m.fieldErrors.username).toBeUndefined();
    expect(m.fieldErrors.consumerKey).toBe('Consumer Key is wrong.');
    expect(m.runError).toBeUndefined();
  });

  it('forgets the alias problem when the Certificate Name changes', () => {
    const m = apply(
      initialModel(saved),
      { type: 'aliasProblem', text: 'no such key' },
      { type: 'edit', key: 'certificateName', value: 'other' },
    );
    expect(m.aliasProblem).toBeUndefined();
  });

  it('drops the picked file and what was read from it on switching the Encryption Option, unless the file fits the other option', () => {
    const file = { fileName: 'app.key', base64: 'AA==' };
    const picked = apply(
      initialModel(undefined),
      { type: 'picked', file },
      { type: 'inspected', info: keystore('app') },
    );
    const dropped = apply(picked, { type: 'switchEncryption', encryption: 'privateKey', keepFile: false });
    expect(dropped.form).toMatchObject({ encryption: 'privateKey', pickedKeyFile: undefined });
    expect(dropped.info).toBeUndefined();
    const kept = apply(picked, { type: 'switchEncryption', encryption: 'privateKey', keepFile: true });
    expect(kept.form.pickedKeyFile).toEqual(file);
    expect(kept.info).toBeDefined();
  });
});

describe('pressing Authorise, Test Connection or Save', () => {
  it('refuses an unparsable timeout before anything is sent, and sends focus to the field', () => {
    const m = apply(
      initialModel(saved),
      { type: 'edit', key: 'timeoutSeconds', value: '9999' },
      { type: 'pressed', press: 'authorise' },
    );
    expect(m.busy).toBeNull();
    expect(m.fieldErrors.timeoutSeconds).toMatch(/1 to 600/);
    expect(m.focusTo).toEqual({ to: 'field' });
    expect(refusedFields(m.form, 'authorise')).toEqual(m.fieldErrors);
  });

  it('Save needs a name; a login does not', () => {
    expect(refusedFields(initialModel(undefined).form, 'save')).toEqual({ name: 'Connection Name is required.' });
    expect(refusedFields(initialModel(undefined).form, 'test')).toEqual({});
  });

  it('clears the last answer on a press; a plain run starts a fresh Keep trying panel, a Keep trying run does not', () => {
    const before = apply(initialModel(saved), { type: 'notice', text: 'old' });
    const plain = apply(before, { type: 'pressed', press: 'test' });
    expect(plain).toMatchObject({ busy: 'test', lastRun: 'test', notice: undefined, plainRuns: 1 });
    expect(plain.keepTrying).toBeUndefined();
    const again = apply(plain, { type: 'settled' }, { type: 'pressed', press: 'test', keepTrying: true });
    expect(again).toMatchObject({ busy: 'test', keepTrying: 'test', plainRuns: 1 });
    expect(apply(again, { type: 'settled' })).toMatchObject({ busy: null, keepTrying: undefined });
  });

  it('remembers where a run went, so the checklist step matches that environment after the field changes', () => {
    const m = apply(
      initialModel(saved),
      { type: 'edit', key: 'environment', value: 'sandbox' },
      { type: 'pressed', press: 'authorise' },
      { type: 'edit', key: 'environment', value: 'production' },
    );
    expect(m.ranAt).toBe('sandbox');
  });

  it('says how long the login took, and the My Domain audience note when the retry needed one', () => {
    const m = apply(
      initialModel(saved),
      { type: 'pressed', press: 'authorise' },
      { type: 'authorised', result: { ...token, audienceNote: 'Logged in with test.salesforce.com.' } },
    );
    expect(m.done).toBe('Authorised: a new access token, issued in 1,234 ms.');
    expect(m.notice).toBe('Logged in with test.salesforce.com.');
    expect(connectionFormView(m, saved).outcome).toEqual({ kind: 'done', text: m.done });
  });

  it('names each missing detail on its field when nothing was sent, and focuses the first', () => {
    const error = {
      code: 'BAD_INPUT' as const,
      message: 'Missing',
      details: {
        fields: [{ field: 'consumerKey' as const, message: 'Consumer Key is required.', label: 'Consumer Key' }],
      },
    };
    const m = apply(
      initialModel(undefined),
      { type: 'pressed', press: 'test' },
      { type: 'failed', press: 'test', error, environment: 'production' },
      { type: 'settled' },
    );
    expect(m).toMatchObject({ showMissing: true, focusTo: { to: 'field' }, busy: null });
    expect(m.runError?.action).toBe('Test Connection');
    expect(connectionFormView(m, undefined).errorFor('consumerKey')).toBe('Consumer Key is required.');
  });

  it('puts a failed login under the buttons and focuses it; a failed download goes to the banner', () => {
    const error = { code: 'USER_NOT_APPROVED' as const, message: "user hasn't approved this consumer" };
    const run = apply(
      initialModel(saved),
      { type: 'pressed', press: 'authorise' },
      { type: 'failed', press: 'authorise', error, environment: 'production' },
    );
    expect(run.focusTo).toEqual({ to: 'outcome' });
    expect(connectionFormView(run, saved)).toMatchObject({
      outcome: { kind: 'failed', action: 'Authorise' },
      bannerError: undefined,
    });
    const side = apply(initialModel(saved), {
      type: 'sideFailed',
      runError: { error, field: 'form', action: 'Download certificate' },
    });
    expect(connectionFormView(side, saved)).toMatchObject({
      outcome: undefined,
      bannerError: { action: 'Download certificate' },
    });
  });

  it('a host failure at a My Domain points at its URL', () => {
    const m = apply(initialModel(saved), {
      type: 'failed',
      press: 'authorise',
      environment: 'mydomain',
      error: { code: 'NETWORK_DNS', message: 'not found' },
    });
    expect(m.runError?.field).toBe('myDomainUrl');
  });
});

describe('what the key file offers', () => {
  it("lists a keystore's keys, picks the named one and shows its certificate", () => {
    const m = apply(
      initialModel(saved),
      { type: 'inspected', info: keystore('app', 'other') },
      { type: 'edit', key: 'certificateName', value: 'OTHER' },
    );
    const view = connectionFormView(m, saved);
    expect(view.aliases).toEqual(['app', 'other']);
    expect(view.certificateSubject).toBe('CN=other');
  });

  it('says when a typed Certificate Name is not in the keystore, naming the keys there', () => {
    expect(aliasProblemOf('nope', ['app', 'other'])).toBe(
      '"nope" is not a key in this keystore. Keys there are: app, other.',
    );
    expect(aliasProblemOf('APP', ['app'])).toBeUndefined();
    expect(aliasProblemOf('anything', [])).toBeUndefined();
  });

  it('offers the other Encryption Option for a picked file of its kind', () => {
    const m = apply(
      initialModel(undefined),
      { type: 'picked', file: { fileName: 'app.key', base64: 'AA==' } },
      { type: 'inspected', info: { ...keystore('app'), format: 'pem', formatLabel: 'PEM' } },
    );
    expect(connectionFormView(m, undefined).wrongKind).toBe('privateKey');
  });

  it('asks for a passphrase only for a private key that needs one', () => {
    const pem = (encrypted: boolean): KeyFileInfo => ({
      ...keystore(''),
      format: 'pem',
      formatLabel: 'PEM',
      encrypted,
    });
    const privateKey = apply(initialModel(undefined), {
      type: 'switchEncryption',
      encryption: 'privateKey',
      keepFile: false,
    });
    expect(
      connectionFormView(apply(privateKey, { type: 'inspected', info: pem(false) }), undefined).showPassphrase,
    ).toBe(false);
    expect(
      connectionFormView(apply(privateKey, { type: 'inspected', info: pem(true) }), undefined).showPassphrase,
    ).toBe(true);
    expect(
      connectionFormView(
        apply(privateKey, { type: 'inspectFailed', error: { code: 'PASSPHRASE_REQUIRED', message: '' } }),
        undefined,
      ).showPassphrase,
    ).toBe(true);
  });
});
