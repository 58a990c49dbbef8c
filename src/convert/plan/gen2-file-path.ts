import path from 'node:path';

/** A relative path `path.join` would change: absolute, empty, `.`/`..` segments, doubled or trailing separators. */
const NOT_NORMAL = /^\/|^$|(^|\/)\.\.?(\/|$)|\/\/|\/$/;

/**
 * `path.join(root, relPath)` for the many files of one Gen2 root, cheap in memory: `path.join`
 * builds its result piece by piece (V8 keeps such a string as a tree of ~10 pieces, ~500 bytes for
 * a 90-character path), while `base + relPath` of an already normal root and relative path is one
 * two-part string sharing both parts (the relative path is kept by the plan anyway). The value is
 * the same string as `path.join`'s; anything `path.join` would normalise falls back to it.
 */
export function gen2FileJoiner(root: string): (relPath: string) => string {
  const normalRoot = path.sep === '/' && path.isAbsolute(root) && path.normalize(root) === root;
  const base = root.endsWith('/') ? root : `${root}/`;
  return (relPath) => (normalRoot && !NOT_NORMAL.test(relPath) ? base + relPath : path.join(root, relPath));
}
