/** Python `fnmatch` (case-sensitive `fnmatchcase`) as a RegExp: `*`, `?`, `[seq]`, `[!seq]`. */
export function fnmatchRegExp(pattern: string): RegExp {
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
  return new RegExp(`^(?:${out})$`, 's');
}

/** obs_base's dataset selection: included by some include pattern and by no ignore pattern (ignore wins). */
export function isDatasetTypeIncluded(name: string, include: readonly string[], ignore: readonly string[]): boolean {
  return include.some((p) => fnmatchRegExp(p).test(name)) && !ignore.some((p) => fnmatchRegExp(p).test(name));
}
