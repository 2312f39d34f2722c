import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A process that registers one resource with exitOnSignals and says "closed" when it is closed. */
function startChild() {
  const dir = mkdtempSync(join(tmpdir(), 'shutdown-'));
  const script = join(dir, 'child.ts');
  writeFileSync(script, `
    import { exitOnSignals } from '${join(__dirname, 'shutdown')}';
    const quiet = { info: () => undefined, debug: () => undefined, warn: () => undefined };
    exitOnSignals(() => [{ name: 'server', close: () => { process.stdout.write('closed\\n'); } }], quiet as never);
    setInterval(() => undefined, 1000);
    process.stdout.write('ready\\n');
  `);
  const child = fork(script, [], { cwd: join(__dirname, '..', '..', '..'), execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', () => output.includes('ready') && resolve()));
  return { child, exited, ready, output: () => output };
}

describe('exitOnSignals', () => {
  it('closes and exits 0 on SIGTERM', async () => {
    const { child, exited, ready, output } = startChild();
    await ready;
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('closed');
  }, 20_000);

  it('closes and exits 0 when its supervisor goes away without a word (the IPC channel closes), leaving no orphan', async () => {
    const { child, exited, ready, output } = startChild();
    await ready;
    child.disconnect();
    expect(await exited).toBe(0);
    expect(output()).toContain('closed');
  }, 20_000);
});
