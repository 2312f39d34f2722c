/**
 * Production build: every workspace's TypeScript compiled to JavaScript once (SWC, the decorator
 * settings type-graphql and MikroORM need), laid out as the repository is, with each workspace's
 * package.json pointing at the compiled entry. The image runs `node services/tickets/src/main.js`
 * with no transpiler loaded at run time. `node -r @swc-node/register deploy/local/src/compile.ts <out>`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { transformFileSync } from '@swc/core';

const ROOT = join(__dirname, '..', '..', '..');

/** The same transform as the tests' (jest.preset.js), without source maps. */
const SWC = {
  jsc: {
    target: 'es2022' as const,
    parser: { syntax: 'typescript' as const, decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'commonjs' as const },
  sourceMaps: false,
};

/** Files the running code reads beside its own (the supergraph, the schema reference, the browser pages). */
const ASSETS = ['gateway/supergraph.graphql', 'gateway/schema.graphql', 'gateway/web/dist'];

/** The workspaces that run in production (folders with a package.json and a src/). */
export function workspaces(): string[] {
  const under = (dir: string) => readdirSync(join(ROOT, dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${dir}/${e.name}`);
  return [...under('libs'), ...under('services'), 'gateway'].filter((w) => existsSync(join(ROOT, w, 'package.json')) && existsSync(join(ROOT, w, 'src')));
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Compiles into `out`; returns how many files it wrote. */
export function compileTo(out: string, progress: (line: string) => void = () => undefined): number {
  let files = 0;
  for (const name of ['package.json', 'package-lock.json']) cpSync(join(ROOT, name), join(out, name));
  for (const workspace of workspaces()) {
    const pkg = JSON.parse(readFileSync(join(ROOT, workspace, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['main', 'types']) if (typeof pkg[key] === 'string') pkg[key] = (pkg[key] as string).replace(/\.ts$/, '.js');
    mkdirSync(join(out, workspace), { recursive: true });
    writeFileSync(join(out, workspace, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    const list = sources(join(ROOT, workspace, 'src'));
    for (const file of list) {
      const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, transformFileSync(file, SWC).code);
    }
    files += list.length;
    progress(`  ${workspace}: ${list.length} files`);
  }
  // deploy/local is a workspace of the lockfile; production needs only its package.json to install.
  mkdirSync(join(out, 'deploy', 'local'), { recursive: true });
  cpSync(join(ROOT, 'deploy', 'local', 'package.json'), join(out, 'deploy', 'local', 'package.json'));
  for (const asset of ASSETS) if (existsSync(join(ROOT, asset))) cpSync(join(ROOT, asset), join(out, asset), { recursive: true });
  return files;
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: compile.ts <output directory>\n');
    process.exit(2);
  }
  const started = Date.now();
  const files = compileTo(out, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`compiled ${files} files into ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
