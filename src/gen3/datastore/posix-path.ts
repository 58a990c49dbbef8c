/** The few `os.path` (POSIX) operations file templates rely on, with Python's exact edge cases. */

/** `os.path.normpath`: collapses `//`, `.` and `a/..` textually; `''` → `'.'`. */
export function normpath(path: string): string {
  if (path === '') return '.';
  const initial = path.startsWith('/') ? (path.startsWith('//') && !path.startsWith('///') ? 2 : 1) : 0;
  const out: string[] = [];
  for (const comp of path.split('/')) {
    if (comp === '' || comp === '.') continue;
    if (comp !== '..' || (initial === 0 && out.length === 0) || out[out.length - 1] === '..') out.push(comp);
    else if (out.length > 0) out.pop();
  }
  const joined = '/'.repeat(initial) + out.join('/');
  return joined || '.';
}

/** `os.path.split`: (head, tail) at the last `/`; trailing slashes stripped from a non-root head. */
export function splitPath(path: string): [string, string] {
  const i = path.lastIndexOf('/') + 1;
  let head = path.slice(0, i);
  const tail = path.slice(i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return [head, tail];
}

/** `os.path.join(head, tail)` for two parts. */
export function joinPath(head: string, tail: string): string {
  if (tail.startsWith('/')) return tail;
  if (head === '' || head.endsWith('/')) return head + tail;
  return `${head}/${tail}`;
}

/** `os.path.relpath(path, '/')` for an absolute, normalised path. */
export function relativeToRoot(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.length > 0 ? parts.join('/') : '.';
}
