// The app:// protocol: the built UI served from an origin of its own, nothing outside its folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_URL as APP_PROTOCOL_URL,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  isAppOrigin,
} from '../../../electron/app-protocol.js';

const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-protocol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the app:// protocol', () => {
  const renderer = join(dir, 'protocol', 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>jwt-connect</title>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'export {};');
  writeFileSync(join(renderer, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(dir, 'protocol', 'secret.txt'), 'outside the renderer folder');
  const handle = createAppProtocolHandler(renderer);
  const get = (url: string, init?: RequestInit) => handle(new Request(url, init));

  it('serves the built UI with the right types and the CSP', async () => {
    expect(APP_PROTOCOL_URL).toBe('app://jwt-connect/index.html');
    const index = await get('app://jwt-connect/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await index.text()).toContain('<title>jwt-connect</title>');
    expect((await get('app://jwt-connect/')).status).toBe(200);
    const script = await get('app://jwt-connect/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('app://jwt-connect/assets/index-abc.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    expect((await get('app://jwt-connect/assets/missing.js')).status).toBe(404);
  });

  it('refuses paths out of the renderer folder, however they are spelled', async () => {
    for (const path of [
      '..%2Fsecret.txt',
      '%2E%2E%2Fsecret.txt',
      'assets%2F..%2F..%2Fsecret.txt',
      '..%5Csecret.txt',
      'index.html%00.js',
      '%2Fetc%2Fpasswd/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    ]) {
      const response = await get(`app://jwt-connect/${path}`);
      expect([403, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toContain('outside the renderer folder');
    }
    // Plain ../ never even reaches the handler as such: URL parsing resolves it inside the origin.
    expect(new URL('app://jwt-connect/../secret.txt').pathname).toBe('/secret.txt');
    expect((await get('app://jwt-connect/../secret.txt')).status).toBe(404);
  });

  it('refuses other hosts and methods', async () => {
    expect((await get('app://evil.example.com/index.html')).status).toBe(404);
    expect((await get('app://jwt-connect.evil.example.com/index.html')).status).toBe(404);
    expect((await get('app://jwt-connect/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('knows its own origin', () => {
    expect(isAppOrigin('app://jwt-connect/index.html#x')).toBe(true);
    for (const url of [
      'app://jwt-connect.evil/',
      'app://user@jwt-connect/',
      'file:///index.html',
      'https://jwt-connect/',
      'not a url',
    ])
      expect(isAppOrigin(url), url).toBe(false);
  });
});
