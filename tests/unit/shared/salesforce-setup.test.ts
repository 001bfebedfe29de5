// The "Salesforce setup" checklist's data: both tracks with Salesforce's own labels, the track a
// connection shows, the steps each answer points at, what the form can tick.
import { describe, expect, it } from 'vitest';
import {
  CONNECTED_APP_NOTE,
  SETUP_STEPS,
  plainText,
  setupTrackOf,
  stepTicked,
  stepsForError,
  textParts,
} from '../../../shared/salesforce-setup.js';
const labels = (track: 'eca' | 'connectedApp') =>
  SETUP_STEPS[track].flatMap((s) =>
    textParts(s.text)
      .filter((p) => p.kind === 'label')
      .map((p) => p.text),
  );

describe('the two tracks', () => {
  it("the External Client App track uses Salesforce's own labels, in the order Setup asks for them", () => {
    expect(SETUP_STEPS.eca.map((s) => s.id)).toEqual([
      'app',
      'oauth',
      'scopes',
      'certificate',
      'policy',
      'appPolicies',
      'assign',
      'consumerKey',
      'environment',
    ]);
    const all = labels('eca');
    for (const label of [
      'External Client App Manager',
      'New External Client App',
      'API (Enable OAuth Settings)',
      'Enable OAuth',
      'Flow Enablement',
      'Enable JWT Bearer Flow',
      'Upload Files',
      'Policies',
      'Permitted Users',
      'Admin approved users are pre-authorized',
      'App Policies',
      'Permission Sets',
      'Manage Assignments',
      'Consumer Key and Secret',
      'Manage user data via APIs (api)',
      'Perform requests at any time (refresh_token, offline_access)',
      'Manage user data via Web browsers (web)',
      'My Domain',
    ]) {
      expect(all).toContain(label);
    }
    expect(all).not.toContain('New Connected App');
  });

  it('the Connected App track keeps the Connected App labels and says new ones need a Support case', () => {
    expect(labels('connectedApp')).toEqual(
      expect.arrayContaining([
        'App Manager',
        'Use digital signatures',
        'Admin approved users are pre-authorized',
        'Manage Consumer Details',
      ]),
    );
    expect(CONNECTED_APP_NOTE).toMatch(/Spring '26.*Support case/);
  });

  it('a new connection is on the External Client App track; one saved before tracks existed stays on the Connected App one', () => {
    expect(setupTrackOf(undefined)).toBe('eca');
    expect(setupTrackOf({})).toBe('connectedApp');
    expect(setupTrackOf({ setupTrack: 'eca' })).toBe('eca');
  });

  it('each answer points at its steps, per track', () => {
    expect(stepsForError('eca', 'APP_ACCESS_DENIED', 'mydomain')).toEqual(['appPolicies', 'assign']);
    expect(stepsForError('connectedApp', 'APP_ACCESS_DENIED', 'mydomain')).toEqual(['access']);
    expect(stepsForError('eca', 'USER_NOT_APPROVED', 'production')).toEqual(['policy', 'appPolicies', 'assign']);
    expect(stepsForError('eca', 'APP_NOT_INSTALLED', 'production')).toEqual(['environment']);
    expect(stepsForError('eca', 'APP_NOT_INSTALLED', 'sandbox')).toEqual(['environment']);
    expect(stepsForError('eca', 'APP_NOT_INSTALLED', 'mydomain')).toEqual(['app']);
    expect(stepsForError('eca', 'INVALID_CLIENT_ID', 'mydomain')).toEqual(['consumerKey', 'app']);
    expect(stepsForError('eca', 'NETWORK_DNS', 'mydomain')).toEqual([]);
    // every step named exists in its track
    for (const track of ['eca', 'connectedApp'] as const) {
      const ids = new Set(SETUP_STEPS[track].map((s) => s.id));
      for (const code of [
        'USER_NOT_APPROVED',
        'APP_ACCESS_DENIED',
        'INVALID_CLIENT_ID',
        'INVALID_ASSERTION',
        'AUDIENCE_INVALID',
        'APP_NOT_INSTALLED',
      ] as const) {
        for (const env of ['production', 'mydomain'] as const)
          for (const id of stepsForError(track, code, env)) expect(ids.has(id), `${track} ${code} ${id}`).toBe(true);
      }
    }
  });

  it('ticks what the form can tell: the ECA wants the My Domain, the Connected App any filled environment', () => {
    const env = (track: 'eca' | 'connectedApp') => SETUP_STEPS[track].find((s) => s.id === 'environment')!;
    const facts = {
      certificateKnown: false,
      consumerKeyFilled: true,
      environment: 'production' as const,
      myDomainUrlFilled: false,
    };
    expect(stepTicked(env('eca'), facts)).toBe(false);
    expect(stepTicked(env('connectedApp'), facts)).toBe(true);
    expect(stepTicked(env('eca'), { ...facts, environment: 'mydomain', myDomainUrlFilled: true })).toBe(true);
    expect(
      stepTicked(
        SETUP_STEPS.eca.find((s) => s.id === 'consumerKey')!,
        facts,
      ),
    ).toBe(true);
  });

  it('texts mark labels and things to type; on a terminal labels are quoted', () => {
    expect(textParts('Tick *Enable OAuth*, type `x`.')).toEqual([
      { kind: 'text', text: 'Tick ' },
      { kind: 'label', text: 'Enable OAuth' },
      { kind: 'text', text: ', type ' },
      { kind: 'code', text: 'x' },
      { kind: 'text', text: '.' },
    ]);
    expect(plainText('Tick *Enable OAuth*, type `x`.')).toBe('Tick "Enable OAuth", type x.');
  });
});
