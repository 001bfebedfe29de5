// The Consumer Key: typed or pasted, or taken from the global OAuth settings file the Salesforce CLI
// retrieves after an External Client App is deployed (picked with "From file…" or dropped on the
// field). Only the key is kept; the file, which may hold the consumer secret, goes nowhere.
import { useRef, useState } from 'react';
import { consumerKeyFromOauthFile, ECA_OAUTH_FILE_MAX_BYTES } from '../../shared/eca-consumer-key.js';
import { AppError, type ErrorInfo } from '../../shared/errors.js';
import { Field } from './Field.js';

interface Props {
  value: string;
  error: ErrorInfo | string | undefined;
  onChange: (value: string) => void;
  /** A key was taken from a file: say so beside the form. */
  onTaken: (notice: string) => void;
}

async function keyOf(file: File): Promise<string> {
  if (file.size > ECA_OAUTH_FILE_MAX_BYTES) return consumerKeyFromOauthFile('x'.repeat(ECA_OAUTH_FILE_MAX_BYTES + 1));
  return consumerKeyFromOauthFile(await file.text());
}

export function ConsumerKeyField({ value, error, onChange, onTaken }: Props) {
  const [fileError, setFileError] = useState<ErrorInfo>();
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  async function take(file: File) {
    setFileError(undefined);
    try {
      const key = await keyOf(file);
      onChange(key);
      onTaken(`Consumer Key taken from ${file.name}.`);
    } catch (e) {
      setFileError(
        e instanceof AppError ? e.toInfo() : { code: 'BAD_INPUT', message: `${file.name} could not be read.` },
      );
    }
  }

  const shown = fileError ?? error;
  const message = typeof shown === 'string' ? shown : shown?.message;
  return (
    <Field
      id="consumerKey"
      label="Consumer Key"
      error={shown}
      help={
        <>
          Paste it, or drop the retrieved <code>…ecaGlblOauth-meta.xml</code> file here.
        </>
      }
    >
      <div
        className={`consumer-key ${dragging ? 'dragging' : ''}`}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) {
            e.preventDefault();
            setDragging(true);
          }
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          const file = e.dataTransfer.files[0];
          if (!file) return; // dropped text goes into the input as usual
          e.preventDefault();
          setDragging(false);
          void take(file);
        }}
      >
        <input
          id="consumerKey"
          className="mono"
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? 'consumerKey-error' : 'consumerKey-help'}
          onChange={(e) => {
            setFileError(undefined);
            onChange(e.target.value);
          }}
        />
        <button type="button" className="inline" onClick={() => picker.current?.click()}>
          From file…
        </button>
        <input
          ref={picker}
          type="file"
          accept=".xml"
          hidden
          aria-label="Global OAuth settings file (.ecaGlblOauth-meta.xml)"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void take(file);
            e.target.value = '';
          }}
        />
      </div>
    </Field>
  );
}
