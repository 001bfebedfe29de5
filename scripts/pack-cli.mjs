// npm run pack:cli: the CLI alone as an npm package, pack/jwt-connect-cli-VERSION.tgz, installable with
// `npm install -g ./jwt-connect-cli-VERSION.tgz` on any machine with Node 20 or later. The bundle carries
// every library it uses (zod, node-forge, jose, the proxy agent), so the package has no dependencies:
// installing it fetches nothing, and no Electron, React or Chromium comes with it. The name is scoped
// because an unrelated package owns `jwt-connect` on npm; the command it installs is still `jwt-connect`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from './cli-bundle.mjs';

const PACKAGE_NAME = '@jwt-connect/cli';
const OUT = 'pack';
const STAGE = join(OUT, 'cli');

const project = JSON.parse(readFileSync('package.json', 'utf8'));
rmSync(OUT, { recursive: true, force: true });
mkdirSync(STAGE, { recursive: true });

// No source maps (they would double the size, and Node reads them only with --enable-source-maps);
// whitespace out, names kept, so a crash log's stack still names its functions.
const meta = await buildCli({
  outdir: STAGE,
  metafile: join(OUT, 'cli-meta.json'),
  sourcemap: false,
  minifyWhitespace: true,
});

// Whatever the bundle took from node_modules is redistributed in it: each library's licence goes along.
function bundledLibraries() {
  const dirs = new Set();
  for (const input of Object.keys(meta.inputs)) {
    const at = input.lastIndexOf('node_modules/');
    if (at === -1) continue;
    const [first, second] = input.slice(at + 'node_modules/'.length).split('/');
    dirs.add(input.slice(0, at + 'node_modules/'.length) + (first.startsWith('@') ? `${first}/${second}` : first));
  }
  return [...dirs].sort().map((dir) => {
    const { name, version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.md|\.txt)?$/i.test(f));
    if (!file) throw new Error(`${name} is bundled into the CLI but has no licence file to ship with it (${dir})`);
    return { name, version, license, text: readFileSync(join(dir, file), 'utf8').trim() };
  });
}
const libraries = bundledLibraries();
writeFileSync(
  join(STAGE, 'THIRD-PARTY-LICENSES.md'),
  [
    '# Libraries bundled into cli.js and cli-chunks/',
    '',
    ...libraries.flatMap((l) => [`## ${l.name} ${l.version} (${l.license})`, '', '```text', l.text, '```', '']),
  ].join('\n'),
);

// The README names the file this run writes, so its install line can be pasted as it is.
writeFileSync(
  join(STAGE, 'README.md'),
  readFileSync(join('scripts', 'cli-package', 'README.md'), 'utf8').replaceAll(
    'jwt-connect-cli-VERSION.tgz',
    `jwt-connect-cli-${project.version}.tgz`,
  ),
);
writeFileSync(
  join(STAGE, 'package.json'),
  `${JSON.stringify(
    {
      name: PACKAGE_NAME,
      version: project.version,
      description:
        'The jwt-connect command line: Salesforce logins with the OAuth 2.0 JWT bearer flow, from a terminal or a pipeline',
      keywords: ['salesforce', 'jwt', 'oauth', 'cli', 'sfdx', 'ci'],
      homepage: project.homepage,
      repository: { type: 'git', url: `git+${project.homepage}.git` },
      // The project's own licence; the project names none yet, and npm's word for that is UNLICENSED.
      license: project.license ?? 'UNLICENSED',
      author: project.author,
      type: 'module',
      bin: { 'jwt-connect': 'cli.js' },
      files: ['cli.js', 'cli-chunks/', 'THIRD-PARTY-LICENSES.md'],
      engines: { node: '>=20' },
    },
    null,
    2,
  )}\n`,
);

// npm pack in the package's folder: no lifecycle scripts there, nothing fetched.
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', '..'], {
    cwd: STAGE,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  }),
);
const tgz = join(OUT, packed.filename);
if (!existsSync(tgz)) throw new Error(`npm pack did not write ${tgz}`);
// The last line is the file: `./` in front, since npm reads a bare `pack/x.tgz` as a GitHub repository.
process.stdout.write(
  `${PACKAGE_NAME}@${packed.version}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KB packed, ` +
    `${(packed.unpackedSize / 1024).toFixed(0)} KB unpacked; bundled: ${libraries.map((l) => l.name).join(', ')}\n` +
    `Install it with: npm install -g ./${tgz}\n./${tgz}\n`,
);
