import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

import { build } from 'esbuild';

/**
 * Builds the pages the gateway serves (/board, /desk, /explorer) with esbuild: each page's script
 * bundled (with its CSS) to `dist/assets/<name>-<hash>.js|css`, shared code split into chunks,
 * and the page's HTML written to `dist/` pointing at them.
 */
const ROOT = __dirname;
const DIST = resolve(ROOT, 'dist');
const PAGES = { board: 'src/board.ts', desk: 'src/desk.ts', explorer: 'src/explorer.tsx' } as const;

async function main(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(join(DIST, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(PAGES).map(([name, file]) => [name, resolve(ROOT, file)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outdir: join(DIST, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
  });
  for (const [name, source] of Object.entries(PAGES)) {
    const [file, output] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint && resolve(o.entryPoint) === resolve(ROOT, source))!;
    const script = `/assets/${basename(file)}`;
    const styles = output.cssBundle ? `/assets/${basename(output.cssBundle)}` : null;
    const html = readFileSync(join(ROOT, `${name}.html`), 'utf8')
      .replace(/<link rel="stylesheet" href="[^"]*" \/>/, styles ? `<link rel="stylesheet" href="${styles}" />` : '')
      .replace(/<script type="module" src="[^"]*"><\/script>/, `<script type="module" src="${script}"></script>`);
    writeFileSync(join(DIST, `${name}.html`), html);
  }
  const sizes = Object.entries(result.metafile.outputs).filter(([file]) => !file.endsWith('.map')).reduce((n, [, o]) => n + o.bytes, 0);
  process.stdout.write(`web pages built → ${relative(process.cwd(), DIST)} (${Object.keys(PAGES).join(', ')}; ${(sizes / 1024).toFixed(0)} KiB)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
