import { BoundedMap } from '../cache/bounded-map.js';

/**
 * Shell-style wildcards as Python's `fnmatch` reads them: `*`, `?`, `[seq]`, `[!seq]`. astropy uses
 * them for `ignore_keywords`, `ignore_comments` and `ignore_hdus`.
 */
export function wildcardToRegExp(pattern: string, options: { caseInsensitive?: boolean } = {}): RegExp {
  const key = `${options.caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    re = compile(pattern, options.caseInsensitive === true);
    compiled.set(key, re);
  }
  return re;
}

/** Compiled patterns (no `g` flag, so sharing them is safe): a comparison run asks for the same few thousands of times. */
const compiled = new BoundedMap<string, RegExp>(1000);

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
 * are; with `caseInsensitive: false` names must match the patterns exactly. Predicates are shared per
 * pattern list and remember their answers (a comparison run asks about the same keywords for every file).
 */
export function wildcardMatcher(patterns: readonly string[], options: { caseInsensitive?: boolean } = {}): (name: string) => boolean {
  const caseInsensitive = options.caseInsensitive ?? true;
  const byList = caseInsensitive ? matchersOfListsI : matchersOfLists;
  const known = byList.get(patterns);
  if (known) return known;
  const key = `${caseInsensitive ? 'i' : 's'}\u0000${patterns.join('\u0000')}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = buildMatcher(patterns, caseInsensitive);
    matchers.set(key, matcher);
  }
  if (Object.isFrozen(patterns)) byList.set(patterns, matcher);
  return matcher;
}

/** Predicates of frozen pattern lists (which cannot change) by the list itself: no key to build. */
const matchersOfLists = new WeakMap<readonly string[], (name: string) => boolean>();
const matchersOfListsI = new WeakMap<readonly string[], (name: string) => boolean>();

/** Predicates by case rule and pattern list. */
const matchers = new BoundedMap<string, (name: string) => boolean>(256);

function buildMatcher(patterns: readonly string[], caseInsensitive: boolean): (name: string) => boolean {
  const fold = (text: string): string => (caseInsensitive ? text.toUpperCase() : text);
  const exact = new Set(patterns.filter((p) => !hasWildcard(p)).map(fold));
  const wild = patterns.filter(hasWildcard);
  // One alternation of the anchored patterns matches exactly when one of them does.
  const any = wild.length === 0 ? undefined : new RegExp(`^(?:${wild.map((p) => wildcardToRegExp(p, { caseInsensitive }).source.slice(1, -1)).join('|')})$`, caseInsensitive ? 'is' : 's');
  const answers = new BoundedMap<string, boolean>(4096);
  return (name) => {
    let answer = answers.get(name);
    if (answer === undefined) {
      answer = exact.has(fold(name)) || (any !== undefined && any.test(name));
      answers.set(name, answer);
    }
    return answer;
  };
}
