import { benchEngine } from './engine.bench.js';
import { benchStore } from './store.bench.js';

const sections = [await benchEngine(), await benchStore()];
process.stdout.write(`## jwt-connect benchmarks (${new Date().toISOString().slice(0, 10)}, Node ${process.version})\n\n${sections.join('\n\n')}\n`);
