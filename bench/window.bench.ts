// The window with 100 / 1,000 / 10,000 saved connections: the built UI in Chromium in
// browser mode (the dev:web loopback bridge over HTTP, as `npm run dev:web` serves it), the store
// seeded through the repository. Every figure is taken inside the page (performance.now(), up to the animation
// frame in which the change is on screen), as medians of several runs with the spread seen.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openNodeServices } from '../electron/connections/open-node.js';
import type { ConnectionService } from '../electron/connections/service.js';
import { startWebBridge } from '../electron/web-bridge-server.js';
import { closeBrowser, launchBrowser } from '../tests/e2e/harness.js';
import { seedRows } from '../tests/e2e/list-seed.js';
import { median } from './bench-lib.js';

interface Figure {
  what: string;
  values: number[];
  unit: 'ms' | 'nodes';
  goal?: string;
  pass?: (median: number) => boolean;
}

const LOAD_RUNS = 5;
const KEY_RUNS = 9;
const CLICK_RUNS = 9;
const IMPORT_RUNS = 3;

type Win = Window & {
  __t0?: number;
  __until?: Promise<number>;
  __echo?: Promise<number>;
  __before?: string | undefined;
};

type Done = 'count' | 'form';
/** Arms a watcher in the page: resolves with ms from the next `event` to the frame where `done` holds for `arg`. */
async function arm(page: Page, event: 'keydown' | 'pointerdown', done: Done, arg: string): Promise<void> {
  // The page's CSP forbids eval: the checks travel as code, chosen by name.
  await page.evaluate(
    ([event, done, arg]) => {
      const w = window as Win;
      w.__t0 = undefined;
      document.addEventListener(
        event as string,
        () => {
          w.__t0 = performance.now();
        },
        { capture: true, once: true },
      );
      const holds = () =>
        done === 'count'
          ? document.querySelector('#list-title .count')?.textContent === arg
          : [...document.querySelectorAll<HTMLInputElement>('.connection-form input')].some((i) => i.value === arg);
      const when = (test: () => boolean) =>
        new Promise<number>((resolve) => {
          const tick = () =>
            w.__t0 !== undefined && test()
              ? resolve(performance.now() - (w.__t0 as number))
              : requestAnimationFrame(tick);
          requestAnimationFrame(tick);
        });
      w.__until = when(holds);
      // For a keystroke, also when the typed text shows in the box (the search box's own echo).
      w.__echo = when(
        () =>
          w.__t0 !== undefined && (document.getElementById('search') as HTMLInputElement | null)?.value !== w.__before,
      );
      w.__before = (document.getElementById('search') as HTMLInputElement | null)?.value;
    },
    [event, done, arg] as const,
  );
}
const echoed = (page: Page) => page.evaluate(() => (window as Win).__echo as Promise<number>);
const landed = (page: Page) =>
  page.evaluate(() =>
    Promise.race([
      (window as Win).__until as Promise<number>,
      new Promise<number>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(
                `the page never showed it; count says ${document.querySelector('#list-title .count')?.textContent}, box ${(document.getElementById('search') as HTMLInputElement | null)?.value}, dialog ${document.querySelector('dialog[open]')?.textContent}, form ${document.querySelector('.connection-form h2')?.textContent}`,
              ),
            ),
          20_000,
        ),
      ),
    ]),
  );
const countIs = (page: Page, want: string) =>
  page.waitForFunction((w) => document.querySelector('#list-title .count')?.textContent === w, want);

const fmt = (n: number) => n.toLocaleString('en');

/** tsx (esbuild keepNames) wraps named functions in __name(); functions shipped to the page need it there. */
const KEEP_NAMES = 'window.__name = (f) => f;';
const STATIC = join(import.meta.dirname, '..', 'dist', 'renderer');

/** A data folder seeded with `size` connections, served by the dev:web bridge, open in Chromium. */
async function openWindow(size: number, name?: (i: number) => string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'jwt-connect-bench-window-'));
  const { service, repository } = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch } });
  if (size) seedRows(repository, size, name, true);
  const bridge = await startWebBridge({ service, staticDir: STATIC, token: randomBytes(24).toString('base64url') });
  const context = await (await launchBrowser()).newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(KEEP_NAMES);
  const page = await context.newPage();
  return {
    page,
    context,
    service: service as ConnectionService,
    url: bridge.url,
    async close() {
      await context.close();
      await bridge.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function windowAt(size: number): Promise<Figure[]> {
  const app = await openWindow(size);
  try {
    const page = app.page;
    await page.addInitScript(() => {
      const w = window as Window & { __rowsAt?: number };
      const seen = () => {
        if (w.__rowsAt === undefined && document.querySelector('.vrow .row-name'))
          requestAnimationFrame(() => {
            w.__rowsAt ??= performance.now();
          });
      };
      new MutationObserver(seen).observe(document, { childList: true, subtree: true });
    });
    const load: number[] = [];
    const nodes: number[] = [];
    for (let i = 0; i < LOAD_RUNS + 1; i++) {
      if (i === 0)
        await page.goto(app.url); // the token moves to session storage; reloads keep it
      else await page.reload();
      const at = await page.waitForFunction(() => (window as Window & { __rowsAt?: number }).__rowsAt, null, {
        timeout: 60_000,
        polling: 50,
      });
      if (i > 0) load.push(Number(await at.jsonValue())); // the first load warms Chromium's caches
      await page.waitForTimeout(200);
      nodes.push(await page.evaluate(() => document.getElementsByTagName('*').length));
    }

    // Search: type one more character and take it back, alternately.
    const base = 'Connection 9';
    const narrower = `${base}9`;
    const label = (search: string) => `${fmt(app.service.listRows({ search }).rows.length)} of ${fmt(size)}`;
    const box = page.getByLabel('Search connections');
    await box.fill(base);
    await countIs(page, label(base));
    const echo: number[] = [];
    const keystroke: number[] = [];
    for (let i = 0; i < KEY_RUNS; i++) {
      const [key, text] = i % 2 === 0 ? ['9', narrower] : ['Backspace', base];
      await arm(page, 'keydown', 'count', label(text));
      await page.keyboard.press(key);
      echo.push(await echoed(page));
      keystroke.push(await landed(page));
      await page.waitForTimeout(150);
    }
    await box.fill('');
    await countIs(page, fmt(size));

    // Click a row: the form shows that connection.
    const click: number[] = [];
    for (let i = 0; i < CLICK_RUNS; i++) {
      const row = page.locator('.vrow .row-main').nth(i % 4);
      const name = (await row.locator('.row-name').textContent()) ?? '';
      await arm(page, 'pointerdown', 'form', name);
      await row.click();
      click.push(
        await landed(page).catch(async (e: unknown) => {
          await page.screenshot({ path: '/tmp/uilist/bench-click-failed.png' });
          console.error(i, name);
          throw e;
        }),
      );
      await page.waitForTimeout(100);
    }
    const domAfter = await page.evaluate(() => document.getElementsByTagName('*').length);

    const n = fmt(size);
    return [
      {
        what: `${n}: load → rows painted`,
        values: load,
        unit: 'ms',
        ...(size === 10_000 && { goal: '≤ 1,000 ms', pass: (m) => m <= 1000 }),
      },
      {
        what: `${n}: keystroke → shown in the Search box`,
        values: echo,
        unit: 'ms',
        ...(size === 10_000 && { goal: '≤ 100 ms', pass: (m) => m <= 100 }),
      },
      {
        what: `${n}: keystroke → list updated`,
        values: keystroke,
        unit: 'ms',
        ...(size === 10_000 && { goal: '≤ 100 ms', pass: (m) => m <= 100 }),
      },
      {
        what: `${n}: click → form shown`,
        values: click,
        unit: 'ms',
        ...(size === 10_000 && { goal: '≤ 200 ms', pass: (m) => m <= 200 }),
      },
      {
        what: `${n}: DOM elements after load`,
        values: nodes,
        unit: 'nodes',
        ...(size === 10_000 && { goal: '< 5,000', pass: (m) => m < 5000 }),
      },
      {
        what: `${n}: DOM elements with a connection's form open`,
        values: [domAfter],
        unit: 'nodes',
        ...(size === 10_000 && { goal: '< 5,000', pass: (m) => m < 5000 }),
      },
    ];
  } finally {
    await app.close();
  }
}

/** Import 10,000 through the window: its time, and how long other calls wait meanwhile. */
async function importAt(size: number): Promise<Figure[]> {
  const source = await openWindow(size, (i) => `Imported ${i}`);
  let text: string;
  try {
    text = (await source.service.exportConnections({ includeSecrets: false })).text;
  } finally {
    await source.close();
  }
  const took: number[] = [];
  const worstWait: number[] = [];
  for (let run = 0; run < IMPORT_RUNS; run++) {
    const app = await openWindow(0);
    try {
      const page = app.page;
      await page.goto(app.url);
      await page.waitForSelector('.empty');
      // While it imports, the page asks for the list every 100 ms, as a user scrolling would.
      await page.evaluate(() => {
        const w = window as Window & { __waits?: number[]; __probe?: boolean };
        w.__waits = [];
        w.__probe = true;
        const probe = async () => {
          while (w.__probe) {
            const t0 = performance.now();
            await (window.api as unknown as { listRows: (q: unknown) => Promise<unknown> }).listRows({ search: 'x' });
            w.__waits?.push(performance.now() - t0);
            await new Promise((r) => setTimeout(r, 100));
          }
        };
        void probe();
      });
      const t0 = Date.now();
      await page
        .locator('#import-file')
        .setInputFiles({ name: 'many.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.getByRole('dialog', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
      took.push(Date.now() - t0);
      const waits = await page.evaluate(() => {
        const w = window as Window & { __waits?: number[]; __probe?: boolean };
        w.__probe = false;
        return w.__waits ?? [];
      });
      worstWait.push(Math.max(0, ...waits));
    } finally {
      await app.close();
    }
  }
  const n = fmt(size);
  return [
    {
      what: `import ${n} through the window (file picked → summary shown)`,
      values: took,
      unit: 'ms',
      goal: 'window stays usable',
    },
    {
      what: `import ${n}: longest wait of a list call made meanwhile`,
      values: worstWait,
      unit: 'ms',
      goal: '≤ 200 ms (responsive)',
      pass: (m) => m <= 200,
    },
  ];
}

function render(figures: Figure[]): string {
  const lines = [
    '### The window at scale (browser mode, Chromium)',
    '',
    '| what | median | spread (min–max) | runs | goal |',
    '|---|---:|---:|---:|---|',
  ];
  for (const f of figures) {
    const m = median(f.values);
    const unit = f.unit === 'ms' ? ' ms' : '';
    const show = (v: number) => `${fmt(Math.round(v))}${unit}`;
    const verdict = f.pass ? (f.pass(m) ? ' ✓' : ' ✗ missed') : '';
    lines.push(
      `| ${f.what} | ${show(m)} | ${show(Math.min(...f.values))}–${show(Math.max(...f.values))} | ${f.values.length} | ${f.goal ?? ''}${verdict} |`,
    );
  }
  return lines.join('\n');
}

export async function benchWindow(sizes = [100, 1000, 10_000]): Promise<string> {
  const figures: Figure[] = [];
  try {
    for (const size of sizes) figures.push(...(await windowAt(size)));
    figures.push(...(await importAt(sizes.at(-1) ?? 10_000)));
  } finally {
    await closeBrowser();
  }
  return render(figures);
}

// `tsx bench/window.bench.ts [sizes…]` runs this section alone.
if (process.argv[1]?.endsWith('window.bench.ts')) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  process.stdout.write(`${await benchWindow(sizes.length ? sizes : undefined)}\n`);
}
