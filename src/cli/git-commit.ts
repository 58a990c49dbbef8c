import { spawnSync } from 'node:child_process';

/** The commit checked out in `dir` (`git rev-parse HEAD`), or undefined outside a git checkout or without git. */
export function gitCommit(dir: string): string | undefined {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  const sha = r.status === 0 ? r.stdout.trim() : '';
  return /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
}
