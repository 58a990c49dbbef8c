/**
 * Shell-style wildcards as Python's `fnmatch` reads them: `*`, `?`, `[seq]`, `[!seq]`. astropy uses
 * them for `ignore_keywords`, `ignore_comments` and `ignore_hdus`.
 */
export function wildcardToRegExp(pattern: string, options: { caseInsensitive?: boolean } = {}): RegExp {
  const key = `${options.caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    if (compiled.size >= 1000) compiled.clear();
    re = compile(pattern, options.caseInsensitive === true);
    compiled.set(key, re);
  }
  return re;
}

/** Compiled patterns (no `g` flag, so sharing them is safe): a comparison run asks for the same few thousands of times. */
const compiled = new Map<string, RegExp>();

function compile(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const bodyStart = pattern[i + 1] === '!' ? i + 2 : i + 1;
      const close = pattern.indexOf(']', bodyStart + 1);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      const body = pattern.slice(bodyStart, close).replace(/\\/g, '\\\\').replace(/\^/g, '\\^');
      source += `[${bodyStart === i + 2 ? '^' : ''}${body}]`;
      i = close;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}

/** True when `pattern` contains wildcard characters (Python's `glob.has_magic`). */
export function hasWildcard(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/**
 * A predicate matching names against any of `patterns`. Case-insensitive by default, as FITS keywords
 * are; with `caseInsensitive: false` names must match the patterns exactly.
 */
export function wildcardMatcher(patterns: readonly string[], options: { caseInsensitive?: boolean } = {}): (name: string) => boolean {
  const caseInsensitive = options.caseInsensitive ?? true;
  const fold = (text: string): string => (caseInsensitive ? text.toUpperCase() : text);
  const exact = new Set(patterns.filter((p) => !hasWildcard(p)).map(fold));
  const regexps = patterns.filter(hasWildcard).map((p) => wildcardToRegExp(p, { caseInsensitive }));
  return (name) => exact.has(fold(name)) || regexps.some((re) => re.test(name));
}
