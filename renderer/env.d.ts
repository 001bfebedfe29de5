import type { Api } from '../shared/api.js';

declare global {
  interface Window {
    api: Api;
  }
}
export {};
