/** "Did you mean" suggestions for unknown names. */

/** Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * Up to `limit` candidates close to `name`: within an edit distance of about a third of its length
 * (at least 1, at most 3), or sharing a prefix of 3+ characters; closest first.
 */
export function closeNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const maxDistance = Math.min(3, Math.max(1, Math.floor(lower.length / 3)));
  const scored: { name: string; score: number }[] = [];
  for (const candidate of new Set(candidates)) {
    const c = candidate.toLowerCase();
    const d = editDistance(lower, c);
    if (d <= maxDistance) scored.push({ name: candidate, score: d });
    else if (lower.length >= 3 && (c.startsWith(lower) || lower.startsWith(c))) scored.push({ name: candidate, score: maxDistance + 1 });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}

/** `"; did you mean 'a' or 'b'?"`, or `""` when there is nothing close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closeNames(name, candidates);
  if (close.length === 0) return '';
  const quoted = close.map((c) => `'${c}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return `; did you mean ${list}?`;
}
