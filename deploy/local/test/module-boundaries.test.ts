import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Lints `code` as if it were the file at `filePath`, with the repository's ESLint config. */
async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = join(ROOT, 'node_modules', '.bin', 'eslint');
  const run = spawnSync(eslint, ['--stdin', '--stdin-filename', filePath, '--format', 'json'], { cwd: ROOT, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('Nx module boundaries (lint)', () => {
  it('a service importing another service is a lint error', async () => {
    const messages = await lintAs('services/tickets/src/leak.ts', "import { residentsSchema } from '@pm/residents-service';\nexport const leak = residentsSchema;\n");
    expect(messages).toEqual([expect.stringMatching(/type:service.*can only depend on libs tagged with "type:lib"/)]);
  });

  it('a lib importing a service is a lint error', async () => {
    const messages = await lintAs('libs/errors/src/leak.ts', "import { ticketsSchema } from '@pm/tickets-service';\nexport const leak = ticketsSchema;\n");
    expect(messages).toEqual([expect.stringMatching(/type:lib.*can only depend on libs tagged with "type:lib"/)]);
  });

  it('a service importing a shared lib is fine', async () => {
    expect(await lintAs('services/tickets/src/fine.ts', "import { AppError } from '@pm/errors';\nexport const fine = AppError;\n")).toEqual([]);
  });
});
