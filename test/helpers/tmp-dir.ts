import { mkdtempSync, rmSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh temporary directory removed after the test file finishes. */
export function tmpDir(prefix = 'gen2to3-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Paths named `name`, each in a fresh directory of its own under one {@link tmpDir} (call at the top
 * of a test file: the directories are removed after it finishes).
 */
export function freshPaths(name: string, prefix?: string): () => string {
  const root = tmpDir(prefix);
  return () => path.join(mkdtempSync(path.join(root, 'p-')), name);
}

/** A file-tree entry: file contents, or `{ symlink: target }`. */
export type TreeEntry = string | Buffer | { symlink: string };

/** Writes `{relativePath: contents}` under `root` (directories created as needed); returns root. */
export function writeTree(root: string, tree: Record<string, TreeEntry>): string {
  for (const [rel, entry] of Object.entries(tree)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    if (typeof entry === 'object' && !Buffer.isBuffer(entry)) symlinkSync(entry.symlink, file);
    else writeFileSync(file, entry);
  }
  return root;
}
