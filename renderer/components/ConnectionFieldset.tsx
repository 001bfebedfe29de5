// The Connection fieldset: the name and description, and the fixed connection and auth types.
import type { RefObject } from 'react';
import type { ErrorInfo } from '../../shared/errors.js';
import type { FieldName, FormState } from '../form-state.js';
import { Field } from './Field.js';

interface Props {
  form: FormState;
  set: <K extends keyof FormState>(key: K, value: FormState[K]) => void;
  errorFor: (field: FieldName) => ErrorInfo | string | undefined;
  firstField: RefObject<HTMLInputElement | null>;
}

export function ConnectionFieldset({ form, set, errorFor, firstField }: Props) {
  return (
    <fieldset>
      <legend>Connection</legend>
      <Field id="name" label="Connection Name" error={errorFor('name')}>
        <input
          id="name"
          ref={firstField}
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          required
          aria-required="true"
          autoComplete="off"
        />
      </Field>
      <Field id="description" label="Description">
        <textarea
          id="description"
          rows={2}
          value={form.description}
          onChange={(e) => set('description', e.target.value)}
        />
      </Field>
      <div className="pair">
        <Field id="connectionType" label="Connection Type">
          <select id="connectionType" value="salesforce" disabled>
            <option value="salesforce">Salesforce</option>
          </select>
        </Field>
        <Field id="authType" label="Authentication">
          <select id="authType" value="oauth-jwt" disabled>
            <option value="oauth-jwt">OAuth (JWT Flow)</option>
          </select>
        </Field>
      </div>
    </fieldset>
  );
}
