// `node --import ./tests/support/record-loads.mjs …`: appends the URL of every module the process
// loads to the file named by RECORD_LOADS_TO, one a line (what a bundle really loads at run time).
import { register } from 'node:module';

const hook = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.RECORD_LOADS_TO) appendFileSync(process.env.RECORD_LOADS_TO, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
