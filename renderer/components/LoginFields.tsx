// The Login fieldset: who logs in, where, and the advanced overrides.
import { useState, type ReactNode } from 'react';
import { Environment, ENVIRONMENT_LABELS } from '../../shared/salesforce.js';
import type { ErrorInfo } from '../../shared/errors.js';
import type { FieldName, FormState } from '../form-state.js';
import { Field } from './Field.js';
import { ForeignHostNote } from './ForeignHostMark.js';

interface Props {
  form: FormState;
  set: <K extends keyof FormState>(key: K, value: FormState[K]) => void;
  errorFor: (field: FieldName) => ErrorInfo | string | undefined;
  /** Notes and offers about the Environment, right under it. */
  afterEnvironment?: ReactNode;
}

export function LoginFields({ form, set, errorFor, afterEnvironment }: Props) {
  const [typingDomain, setTypingDomain] = useState(false);
  return (
    <fieldset>
      <legend>Login</legend>
      <Field id="username" label="Username" error={errorFor('username')}>
        <input
          id="username"
          type="email"
          value={form.username}
          onChange={(e) => set('username', e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="integration.user@example.com"
        />
      </Field>
      <Field id="environment" label="Environment" error={errorFor('environment')}>
        <select
          id="environment"
          value={form.environment}
          onChange={(e) => set('environment', e.target.value as FormState['environment'])}
        >
          {Environment.options.map((e) => (
            <option key={e} value={e}>
              {ENVIRONMENT_LABELS[e]}
            </option>
          ))}
        </select>
      </Field>
      {afterEnvironment}
      {form.environment === 'mydomain' && (
        <Field
          id="myDomainUrl"
          label="My Domain URL"
          error={errorFor('myDomainUrl')}
          help="Setup → My Domain, e.g. https://acme.my.salesforce.com"
        >
          <input
            id="myDomainUrl"
            type="url"
            value={form.myDomainUrl}
            onChange={(e) => set('myDomainUrl', e.target.value)}
            onFocus={() => setTypingDomain(true)}
            onBlur={() => setTypingDomain(false)}
            autoComplete="off"
            spellCheck={false}
            placeholder="https://yourcompany.my.salesforce.com"
          />
        </Field>
      )}
      {form.environment === 'mydomain' && <ForeignHostNote myDomainUrl={form.myDomainUrl} typing={typingDomain} />}
      <details
        className="advanced"
        open={Boolean(form.audience || form.timeoutSeconds || errorFor('audience') || errorFor('timeoutSeconds'))}
      >
        <summary>Advanced</summary>
        <Field
          id="audience"
          label="Audience"
          error={errorFor('audience')}
          help="Overrides the audience (aud) of the login. Used as given, with no retry."
        >
          <input
            id="audience"
            type="url"
            value={form.audience}
            onChange={(e) => set('audience', e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field id="timeoutSeconds" label="Timeout (seconds)" error={errorFor('timeoutSeconds')} help="Default 30.">
          <input
            id="timeoutSeconds"
            inputMode="numeric"
            value={form.timeoutSeconds}
            onChange={(e) => set('timeoutSeconds', e.target.value)}
          />
        </Field>
      </details>
    </fieldset>
  );
}
