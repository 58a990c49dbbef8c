import { escapeRegex } from '../templates/field-pattern.js';
import type { IgnoreRule } from './walk-rules.js';

/** Matches basenames against ignore rules: exact names by lookup, globs through one combined regex. */
export class BasenameMatcher {
  private readonly exact = new Map<string, IgnoreRule>();
  private readonly globs: { regex: RegExp; rule: IgnoreRule }[] = [];
  private readonly anyGlob: RegExp | undefined;

  constructor(rules: readonly IgnoreRule[]) {
    for (const rule of rules) {
      if (!/[*?[]/.test(rule.pattern)) {
        if (!this.exact.has(rule.pattern)) this.exact.set(rule.pattern, rule);
      } else {
        this.globs.push({ regex: new RegExp(`^${globSource(rule.pattern)}$`), rule });
      }
    }
    this.anyGlob = this.globs.length ? new RegExp(this.globs.map((g) => g.regex.source).join('|')) : undefined;
  }

  /** The first rule (in rule order among globs; exact names first) matching `name`, if any. */
  match(name: string): IgnoreRule | undefined {
    const exact = this.exact.get(name);
    if (exact) return exact;
    if (!this.anyGlob?.test(name)) return undefined;
    return this.globs.find((g) => g.regex.test(name))?.rule;
  }
}

/** Regex source of a basename glob (`*`, `?`, `[abc]`, `[!abc]`). */
export function globSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[' && pattern.indexOf(']', i + 2) > 0) {
      const end = pattern.indexOf(']', i + 2);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}
