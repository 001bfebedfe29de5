import { benchCli } from './cli.bench.js';
import { benchEngine } from './engine.bench.js';
import { benchHandOff } from './handoff.bench.js';
import { benchStore } from './store.bench.js';
import { benchWindow } from './window.bench.js';

const sections = [await benchEngine(), await benchCli(), await benchHandOff(), await benchStore(), await benchWindow()];
process.stdout.write(
  `## jwt-connect benchmarks (${new Date().toISOString().slice(0, 10)}, Node ${process.version})\n\n${sections.join('\n\n')}\n`,
);
