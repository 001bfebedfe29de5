// npm run dev:web: the UI in a browser on the real services, for development: data in the checkout's
// .dev-data (or JWT_CONNECT_DATA_DIR), secrets in the development file-key vault. See browser-mode.ts.
import { startBrowserMode } from './browser-mode.js';

await startBrowserMode('development');
