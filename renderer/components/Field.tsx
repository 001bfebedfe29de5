// One labelled form row: the control, its help, or its error with the hint that fixes it.
import type { ReactNode } from 'react';
import type { ErrorInfo } from '../../shared/errors.js';
import type { FieldName } from '../form-state.js';

export function Field({ id, label, error, help, children }: { id: FieldName | 'connectionType' | 'authType'; label: string; error?: ErrorInfo | string | undefined; help?: ReactNode; children: ReactNode }) {
  const message = typeof error === 'string' ? error : error?.message;
  const hint = typeof error === 'string' ? undefined : error?.hint;
  return (
    <div className={`field ${message ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help && !message && <div className="help" id={`${id}-help`}>{help}</div>}
      {message && (
        <div className="error-text" role="alert" id={`${id}-error`}>
          {message}
          {hint && <div className="hint">{hint}</div>}
        </div>
      )}
    </div>
  );
}
