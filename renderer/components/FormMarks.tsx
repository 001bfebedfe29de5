// Marks under the form's title that say why this connection cannot log in yet, in the same words
// as its list row: "Secrets missing — pick the key" and "Incomplete: …".
import type { MissingDetail } from '../../shared/login-requirements.js';

interface Props {
  /** What a login still needs (empty until the form has been saved or run, or opened incomplete). */
  missing: readonly MissingDetail[];
  /** The connection names a key whose bytes did not come with it (imported without secrets). */
  keyMissing: boolean;
  jks: boolean;
}

export function FormMarks({ missing, keyMissing, jks }: Props) {
  const rest = keyMissing ? missing.filter((m) => m.field !== 'keyFile' && m.field !== 'keyStorePassword') : missing;
  if (!keyMissing && rest.length === 0) return null;
  return (
    <div className="form-marks" role="status">
      {keyMissing && (
        <span
          className="badge secrets-problem"
          title={`It came without its key: pick the ${jks ? 'Key Store file and enter its password' : 'Private Key file'}, then Save.`}
        >
          Secrets missing — pick the key
        </span>
      )}
      {rest.length > 0 && (
        <span className="badge incomplete" title="Saved as it is; a login needs these first.">
          Incomplete: {rest.map((m) => m.label).join(', ')}
        </span>
      )}
    </div>
  );
}
