import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { z } from 'zod';

import { EnvironmentError, parseEnvironment, refuseDevelopmentSecrets, serviceEnvironment, withLocalStack } from './environment';

describe('parseEnvironment', () => {
  const schema = z.object({ ...serviceEnvironment, PORT: z.coerce.number().int().min(1).max(65535).default(4001) });

  it('applies defaults and freezes the result', () => {
    const env = parseEnvironment(schema, {});
    expect(env.PORT).toBe(4001);
    expect(env.MIGRATE_ON_BOOT).toBe(true);
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('reports every bad variable at once', () => {
    try {
      parseEnvironment(schema, { PORT: 'abc', DATABASE_URL: 'nope', MIGRATE_ON_BOOT: 'maybe' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      const problems = (error as EnvironmentError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DATABASE_URL/);
      expect(problems).toMatch(/MIGRATE_ON_BOOT/);
    }
  });
});

describe('development secrets (issue 9)', () => {
  it("a server outside tests refuses the repository's fixed secrets, naming each; tests and real secrets pass", () => {
    const fixed = { IDENTITY_SECRET: 'dev-only-identity-secret-change-me', JWT_SECRET: 'dev-only-jwt-secret-change-me-please' };
    expect(() => refuseDevelopmentSecrets({ NODE_ENV: 'development', ...fixed }, ['JWT_SECRET', 'IDENTITY_SECRET'])).toThrow(/JWT_SECRET[\s\S]*IDENTITY_SECRET/);
    expect(() => refuseDevelopmentSecrets({ NODE_ENV: 'production', ...fixed }, ['IDENTITY_SECRET'])).toThrow(EnvironmentError);
    expect(() => refuseDevelopmentSecrets({ NODE_ENV: 'test', ...fixed }, ['JWT_SECRET', 'IDENTITY_SECRET'])).not.toThrow();
    expect(() => refuseDevelopmentSecrets({ NODE_ENV: 'development', IDENTITY_SECRET: 'a-generated-secret-of-our-own' }, ['IDENTITY_SECRET'])).not.toThrow();
  });
});

describe('command-line tools beside npm start', () => {
  it('take the running stack’s database and NATS where the environment names none; what is set wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-'));
    writeFileSync(join(dir, 'stack.json'), JSON.stringify({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:54329/postgres', NATS_URL: 'nats://127.0.0.1:42229' }));
    expect(withLocalStack({ PM_DATA_DIR: dir })).toMatchObject({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:54329/postgres', NATS_URL: 'nats://127.0.0.1:42229' });
    expect(withLocalStack({ PM_DATA_DIR: dir, DATABASE_URL: 'postgres://x@db/postgres' })).toMatchObject({ DATABASE_URL: 'postgres://x@db/postgres', NATS_URL: 'nats://127.0.0.1:42229' });
  });

  it('take a second stack’s database names and gateway, unless the tool is pointed at another server', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-'));
    const stack = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', NATS_URL: 'nats://127.0.0.1:4222', DATABASE_PREFIX: 'pm_second', GATEWAY_URL: 'http://127.0.0.1:14000/graphql' };
    writeFileSync(join(dir, 'stack.json'), JSON.stringify(stack));
    expect(withLocalStack({ PM_DATA_DIR: dir }, 'gateway')).toMatchObject({ DATABASE_NAME: 'pm_second_gateway', GATEWAY_URL: 'http://127.0.0.1:14000/graphql' });
    expect(withLocalStack({ PM_DATA_DIR: dir, DATABASE_NAME: 'mine' }, 'gateway')).toMatchObject({ DATABASE_NAME: 'mine' });
    expect(withLocalStack({ PM_DATA_DIR: dir, DATABASE_URL: 'postgres://x@db/postgres' }, 'gateway').DATABASE_NAME).toBeUndefined();
    expect(withLocalStack({ PM_DATA_DIR: dir }).DATABASE_NAME).toBeUndefined();
  });
});
