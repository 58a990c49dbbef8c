/**
 * Turns zod issues of a suite into `dot.path: message` lines with plain wording
 * (`expected a number`, `required`, `unknown key`), descending into union branches so that the
 * problem inside the branch the author meant is reported, not "invalid input".
 */
import type { z } from 'zod';
import { formatIssuePath } from '../../src/results/issue-path.js';

const ARTICLES: Readonly<Record<string, string>> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  int: 'an integer',
};

/** The error map passed to `safeParse`: wording for type mismatches and missing keys. */
export const suiteErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'required' : `expected ${ARTICLES[issue.expected] ?? issue.expected}`;
  return undefined;
};

function isTypeMismatchAtRoot(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

/** Formats issues (paths relative to `prefix`) as `path: message` lines. */
export function formatSuiteIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const at = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${formatIssuePath([...at, k])}: unknown key`);
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // The branch whose problems are deeper than "wrong type here" is the one the author meant.
      const meant = issue.errors.find((branch) => branch.length > 0 && !branch.every(isTypeMismatchAtRoot));
      if (meant) return formatSuiteIssues(meant, at);
    }
    return [`${formatIssuePath(at)}: ${issue.message}`];
  });
}
