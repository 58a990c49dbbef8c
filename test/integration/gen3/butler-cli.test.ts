// `gen2to3 butler create` through the CLI entry point (run from source with tsx).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: PROJECT_ROOT });
}

describe('gen2to3 butler create', () => {
  const dir = tmpDir('gen2to3-butler-cli-');

  it('--help describes the command', () => {
    const r = cli(['butler', 'create', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: gen2to3 butler create [options] <repo>');
    expect(r.stdout).toContain('--db <url>');
  });

  it('creates a SQLite repository, then refuses to overwrite it with exit code 2', () => {
    const repo = path.join(dir, 'repo');
    const r = cli(['butler', 'create', repo]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`created ${repo} (48 tables, registry sqlite:///<butlerRoot>/gen3.sqlite3)\n`);
    expect(readFileSync(path.join(repo, 'butler.yaml'), 'utf8')).toContain('db: sqlite:///<butlerRoot>/gen3.sqlite3');
    const again = cli(['butler', 'create', repo]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('[GEN3_REPOSITORY_EXISTS]');
  });

  it('reports an unreachable PostgreSQL server as a typed error without the password', () => {
    const r = cli(['butler', 'create', path.join(dir, 'pg'), '--db', 'postgresql://me:hunter2@127.0.0.1:1/db']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[GEN3_DATABASE_CONNECTION]');
    expect(r.stderr).not.toContain('hunter2');
    expect(existsSync(path.join(dir, 'pg'))).toBe(false);
  });
});
