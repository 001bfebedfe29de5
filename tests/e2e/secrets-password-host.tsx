// A host page for SecretsPasswordPanel in the e2e test, doing what App.tsx does with it: keep the
// vault status, show the panel, take the whole status it reports (a warning may be gone). Bundled with esbuild by the test.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { ApiOutputs } from '../../shared/api.js';
import { call } from '../../renderer/api-client.js';
import { SecretsPasswordPanel } from '../../renderer/components/SecretsPasswordPanel.js';

function Host() {
  const [status, setStatus] = useState<ApiOutputs['vaultStatus']>();
  useEffect(() => {
    void call('vaultStatus', {}).then(setStatus);
  }, []);
  return (
    <div className="app">
      <header className="top">
        <h1>jwt-connect</h1>
      </header>
      <SecretsPasswordPanel status={status} onStatus={setStatus} />
      <output data-testid="vault">{status ? `${status.backend} ${status.secretsPassword}` : ''}</output>
    </div>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Host />
  </StrictMode>,
);
