/** A calendar day `YYYY-MM-DD` (UTC). */
export type Day = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** True when `text` is a real calendar day `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * Parses a tracking date: `YYYY-MM-DD`, or `YYYY-MM` for a month (a due month means its last day),
 * or an ISO date-time (Jira `resolutiondate`, reduced to its UTC day).
 * @returns the day, or undefined when `text` is none of these.
 */
export function parseTrackingDate(text: string): Day | undefined {
  if (isDay(text)) return text;
  const month = MONTH.exec(text);
  if (month) {
    const y = Number(month[1]);
    const mo = Number(month[2]);
    if (mo < 1 || mo > 12) return undefined;
    return new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    // Jira writes offsets without a colon (2021-05-20T10:00:00.000+0000).
    const t = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
  }
  return undefined;
}

/** Today's UTC day. */
export function today(now: Date = new Date()): Day {
  return now.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
