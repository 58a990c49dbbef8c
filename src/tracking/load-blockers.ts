import { formatIssuePath, formatIssues } from '../results/issue-path.js';
import { TrackingInputError } from './errors.js';
import { readDocument } from './read-document.js';
import { parseTrackingDate } from './tracking-date.js';
import type { Blocker } from './tracking-model.js';
import { writtenBlockersSchema } from './tracking-schemas.js';

const STATUS_NAMES = { open: 'Open', 'in-progress': 'In Progress', done: 'Done', 'wont-fix': "Won't Fix" } as const;

/**
 * Converts a parsed blockers.yaml document into {@link Blocker}s.
 * @throws TrackingInputError listing every problem as `file: path: message`.
 */
export function parseBlockers(document: unknown, file: string): Blocker[] {
  const parsed = writtenBlockersSchema.safeParse(document);
  if (!parsed.success) throw new TrackingInputError(formatIssues(parsed.error.issues).map((i) => `${file}: ${i}`));
  const issues: string[] = [];
  const seen = new Set<string>();
  const blockers = parsed.data.blockers.map((b, i): Blocker => {
    const path = formatIssuePath(['blockers', i]);
    if (seen.has(b.id)) issues.push(`${file}: ${path}.id: duplicate blocker id ${b.id}`);
    seen.add(b.id);
    if (b.resolved && b.status !== 'done' && b.status !== 'wont-fix') issues.push(`${file}: ${path}.resolved: set, but status is ${b.status} (expected done or wont-fix)`);
    const day = (s: string | undefined) => (s === undefined ? undefined : parseTrackingDate(s));
    const [created, due, resolved] = [day(b.created), day(b.due), day(b.resolved)];
    return {
      id: b.id,
      ticket: b.ticket ?? undefined,
      title: b.title,
      labels: b.labels,
      status: b.status,
      statusName: STATUS_NAMES[b.status],
      milestones: b.milestones,
      blocks: b.blocks,
      blockedBy: b.blockedBy,
      related: b.related,
      ...(created ? { created } : {}),
      ...(due ? { due } : {}),
      ...(resolved ? { resolved } : {}),
      ...(b.note !== undefined || b.statusNote !== undefined || b.ticketNote !== undefined ? { note: [b.ticketNote, b.statusNote, b.note].filter(Boolean).join(' ') } : {}),
      source: { file, path },
    };
  });
  if (issues.length) throw new TrackingInputError(issues);
  return blockers;
}

/** Reads and parses a blockers.yaml file. */
export async function loadBlockers(file: string): Promise<Blocker[]> {
  return parseBlockers(await readDocument(file), file);
}
