import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { installWebBridge } from './web-bridge.js';
import './styles.css';

// Electron's preload provides window.api; in a browser, the dev bridge does.
if (!window.api) installWebBridge();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
