// Tiny benchmark helpers: medians over repeated runs, printed as a Markdown table with ratios to a
// reference, because these machines are noisy and single timings mean little.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function measure(runs: number, fn: () => unknown): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export interface Row {
  what: string;
  medianMs: number;
  referenceMs?: number;
  reference?: string;
}

export function table(title: string, rows: Row[]): string {
  const lines = [`### ${title}`, '', '| what | median | reference | ratio |', '|---|---:|---|---:|'];
  for (const r of rows) {
    const ratio = r.referenceMs ? `${(r.medianMs / r.referenceMs).toFixed(2)}×` : '';
    lines.push(
      `| ${r.what} | ${r.medianMs < 10 ? r.medianMs.toFixed(2) : r.medianMs.toFixed(0)} ms | ${r.reference ?? ''} | ${ratio} |`,
    );
  }
  return lines.join('\n');
}
