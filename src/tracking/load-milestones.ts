import { formatIssuePath, formatIssues } from '../results/issue-path.js';
import { TrackingInputError } from './errors.js';
import { readDocument } from './read-document.js';
import { parseTrackingDate } from './tracking-date.js';
import type { Milestone } from './tracking-model.js';
import { writtenMilestonesSchema } from './tracking-schemas.js';

/**
 * Converts a parsed milestones.yaml document into {@link Milestone}s.
 * @throws TrackingInputError listing every problem as `file: path: message`.
 */
export function parseMilestones(document: unknown, file: string): Milestone[] {
  const parsed = writtenMilestonesSchema.safeParse(document);
  if (!parsed.success) throw new TrackingInputError(formatIssues(parsed.error.issues).map((i) => `${file}: ${i}`));
  const issues: string[] = [];
  const seen = new Set<string>();
  const milestones = parsed.data.milestones.map((m, i): Milestone => {
    const path = formatIssuePath(['milestones', i]);
    if (seen.has(m.id)) issues.push(`${file}: ${path}.id: duplicate milestone id ${m.id}`);
    seen.add(m.id);
    return {
      id: m.id,
      title: m.title,
      due: parseTrackingDate(m.due) ?? m.due,
      dueText: m.due,
      ...(m.description !== undefined ? { description: m.description } : {}),
      ...(m.provenance !== undefined ? { provenance: m.provenance } : {}),
      requires: m.requires,
      parity: m.evidence.parity,
      blockers: m.evidence.blockers,
      source: { file, path },
    };
  });
  if (issues.length) throw new TrackingInputError(issues);
  return milestones;
}

/** Reads and parses a milestones.yaml file. */
export async function loadMilestones(file: string): Promise<Milestone[]> {
  return parseMilestones(await readDocument(file), file);
}
