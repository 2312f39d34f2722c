import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { minVersion, satisfies } from 'semver';

const ROOT = join(__dirname, '..', '..', '..');

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

/**
 * The README promises Node 20.19+: every installed package must accept the oldest Node that
 * promise covers, or `npm ci` warns EBADENGINE on a newcomer's first command (issue 15). A
 * dependency that moves past it is pinned back in package.json's `overrides`.
 */
describe('engines', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
  const oldest = minVersion(manifest.engines.node)?.version ?? '';

  it('the oldest Node the README promises is 20.19', () => {
    expect(oldest).toBe('20.19.0');
  });

  it('every package in the lock file accepts that Node', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path.includes('node_modules/'))
      .flatMap(([path, entry]) => {
        const range = !entry.engines || Array.isArray(entry.engines) ? undefined : entry.engines.node;
        return range && !satisfies(oldest, range, { includePrerelease: true }) ? [`${path.slice(path.lastIndexOf('node_modules/') + 13)}@${entry.version} wants node ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });
});
