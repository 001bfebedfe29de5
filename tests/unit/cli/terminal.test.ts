// The terminal's password prompt against a fake TTY: what it answers, and that echo is always put back.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PromptCancelled, promptSecret } from '../../../electron/cli/terminal.js';

function fakeTty() {
  const input = Object.assign(new EventEmitter(), {
    raw: false,
    setRawMode(on: boolean) {
      input.raw = on;
      return input;
    },
    resume: () => input,
    pause: () => input,
    setEncoding: () => input,
  });
  const signals = new EventEmitter();
  const written: string[] = [];
  const prompt = promptSecret(
    'Password: ',
    input as never,
    { write: (t: string) => written.push(t) > 0 } as never,
    signals as never,
  );
  return { input, signals, prompt, written };
}

describe('promptSecret', () => {
  it('answers the line typed, without echo, and turns echo back on', async () => {
    const tty = fakeTty();
    expect(tty.input.raw).toBe(true);
    tty.input.emit('data', 'secret\r');
    await expect(tty.prompt).resolves.toBe('secret');
    expect(tty.input.raw).toBe(false);
    expect(tty.written.join('')).not.toContain('secret');
  });

  it.each([
    ['Ctrl+C', '\u0003'],
    ['Ctrl+D', '\u0004'],
  ])('%s cancels, and echo is back on', async (_name, key) => {
    const tty = fakeTty();
    tty.input.emit('data', `abc${key}`);
    await expect(tty.prompt).rejects.toBeInstanceOf(PromptCancelled);
    expect(tty.input.raw).toBe(false);
  });

  it('a SIGINT sent while waiting cancels and puts echo back', async () => {
    const tty = fakeTty();
    tty.signals.emit('SIGINT');
    await expect(tty.prompt).rejects.toBeInstanceOf(PromptCancelled);
    expect(tty.input.raw).toBe(false);
    expect(tty.signals.listenerCount('SIGINT')).toBe(0);
  });
});
