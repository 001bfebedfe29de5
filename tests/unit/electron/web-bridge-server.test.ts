// The browser mode tells its page which command started it, so "start it again" names that one.
import { describe, expect, it } from 'vitest';
import { npmCommand, withStartedBy } from '../../../electron/web-bridge-server.js';

describe('npmCommand', () => {
  it("is npm start, npm test or npm run SCRIPT, from npm's own variable", () => {
    expect(npmCommand({ npm_lifecycle_event: 'start' })).toBe('npm start');
    expect(npmCommand({ npm_lifecycle_event: 'dev:web' })).toBe('npm run dev:web');
    expect(npmCommand({})).toBeUndefined();
    expect(npmCommand({ npm_lifecycle_event: 'x"><script>' })).toBeUndefined();
  });
});

describe('withStartedBy', () => {
  it('writes the command into the page head as a meta element, without markup from it', () => {
    const html = '<html><head><title>t</title></head><body></body></html>';
    expect(withStartedBy(html, 'npm start')).toContain(
      '<meta name="jwt-connect-started-by" content="npm start">\n</head>',
    );
    expect(withStartedBy(html, undefined)).toBe(html);
    expect(withStartedBy(html, 'npm "run" <x>')).toContain('content="npm run x"');
  });
});
