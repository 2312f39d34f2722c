import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Lints `code` as if it were the file at `filePath`, with the repository's ESLint config; the messages of `rule`. */
function lintAs(filePath: string, code: string, rule = '@nx/enforce-module-boundaries', env: NodeJS.ProcessEnv = process.env): string[] {
  const eslint = join(ROOT, 'node_modules', '.bin', 'eslint');
  const run = spawnSync(eslint, ['--stdin', '--stdin-filename', filePath, '--format', 'json'], { cwd: ROOT, input: code, encoding: 'utf8', env });
  // Without a project graph the Nx rule prints a warning line before the JSON report.
  const [result] = JSON.parse(run.stdout.slice(run.stdout.indexOf('[{"'))) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('Nx module boundaries (lint)', () => {
  // The Nx rule reads the project graph Nx keeps in .nx/workspace-data. `npm test` (nx) has made it;
  // a fresh checkout running this file alone has not, and the rule would then check nothing.
  beforeAll(() => {
    const nx = spawnSync(join(ROOT, 'node_modules', '.bin', 'nx'), ['show', 'projects'], { cwd: ROOT, encoding: 'utf8' });
    if (nx.status !== 0) throw new Error(`nx could not compute the project graph: ${nx.stderr || nx.stdout}`);
  }, 60_000);

  it('a service importing another service is a lint error', async () => {
    const messages = lintAs('services/tickets/src/leak.ts', "import { residentsSchema } from '@pm/residents-service';\nexport const leak = residentsSchema;\n");
    expect(messages).toEqual([expect.stringMatching(/type:service.*can only depend on libs tagged with "type:lib"/)]);
  });

  it('a lib importing a service is a lint error', async () => {
    const messages = lintAs('libs/errors/src/leak.ts', "import { ticketsSchema } from '@pm/tickets-service';\nexport const leak = ticketsSchema;\n");
    expect(messages).toEqual([expect.stringMatching(/type:lib.*can only depend on libs tagged with "type:lib"/)]);
  });

  it('a service importing a shared lib is fine', async () => {
    expect(lintAs('services/tickets/src/fine.ts', "import { AppError } from '@pm/errors';\nexport const fine = AppError;\n")).toEqual([]);
  });

  it('outside Nx (an IDE, plain eslint in a fresh clone: no project graph) the boundary still holds (issue 10)', () => {
    const noGraph = { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: mkdtempSync(join(tmpdir(), 'no-nx-graph-')) };
    const leak = "import { residentsSchema } from '@pm/residents-service';\nexport const leak = residentsSchema;\n";
    expect(lintAs('services/tickets/src/leak.ts', leak, 'no-restricted-imports', noGraph)).toEqual([expect.stringMatching(/Only the gateway imports services/)]);
    expect(lintAs('libs/errors/src/leak.ts', leak, 'no-restricted-imports', noGraph)).toHaveLength(1);
    expect(lintAs('gateway/src/fine.ts', leak, 'no-restricted-imports', noGraph)).toEqual([]);
  });

  it("a service names its refusals in errors.ts rather than calling AppError.conflict (issue 10)", () => {
    const raw = "import { AppError } from '@pm/errors';\nexport const no = () => AppError.conflict('X', 'y');\n";
    expect(lintAs('services/tickets/src/ticket/raw.ts', raw, 'no-restricted-syntax')).toEqual([expect.stringMatching(/errors\.ts/)]);
    expect(lintAs('services/tickets/src/errors.ts', raw, 'no-restricted-syntax')).toEqual([]);
  });
});
