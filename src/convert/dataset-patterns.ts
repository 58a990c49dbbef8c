/** Compiled patterns: a conversion tests the same few patterns against every file. */
const COMPILED = new Map<string, RegExp>();

/** Python `fnmatch` (case-sensitive `fnmatchcase`) as a RegExp: `*`, `?`, `[seq]`, `[!seq]`. */
export function fnmatchRegExp(pattern: string): RegExp {
  const cached = COMPILED.get(pattern);
  if (cached) return cached;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body}]`;
        i = close;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const re = new RegExp(`^(?:${out})$`, 's');
  COMPILED.set(pattern, re);
  return re;
}

/** obs_base's dataset selection: included by some include pattern and by no ignore pattern (ignore wins). */
export function isDatasetTypeIncluded(name: string, include: readonly string[], ignore: readonly string[]): boolean {
  return include.some((p) => fnmatchRegExp(p).test(name)) && !ignore.some((p) => fnmatchRegExp(p).test(name));
}
