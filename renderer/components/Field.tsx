// One labelled form row: the control, its help, or its error with the hint that fixes it.
import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import type { ErrorInfo } from '../../shared/errors.js';
import type { FieldName } from '../form-state.js';
import { LongHint } from './LongHint.js';

export function Field({
  id,
  label,
  error,
  help,
  children,
}: {
  id: FieldName | 'connectionType' | 'authType';
  label: string;
  error?: ErrorInfo | string | undefined;
  help?: ReactNode;
  children: ReactNode;
}) {
  const message = typeof error === 'string' ? error : error?.message;
  const hint = typeof error === 'string' ? undefined : error?.hint;
  // A plain control gets its error or help as its description (and aria-invalid), so screen readers
  // and scripts reading the field's accessible description hear what is wrong with it.
  const describedBy = message ? `${id}-error` : help ? `${id}-help` : undefined;
  const control =
    isValidElement(children) && typeof children.type === 'string'
      ? cloneElement(children as ReactElement<Record<string, unknown>>, {
          'aria-invalid': message ? true : undefined,
          'aria-describedby': describedBy,
        })
      : children;
  return (
    <div className={`field ${message ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {help && !message && (
        <div className="help" id={`${id}-help`}>
          {help}
        </div>
      )}
      {message && (
        <div className="error-text" role="alert" id={`${id}-error`}>
          {message}
          {hint && <LongHint hint={hint} />}
        </div>
      )}
    </div>
  );
}
