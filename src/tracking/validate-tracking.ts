import { TrackingInputError } from './errors.js';
import type { Blocker, Milestone } from './tracking-model.js';

/** Options of {@link validateTracking}. */
export interface ValidateTrackingOptions {
  /**
   * Whether links to tickets outside the record (blocking links, milestone blocker lists) are
   * errors. Default is `true` (our YAML must be closed); a Jira export legitimately links to tickets
   * it does not contain, and replaces the blockers milestones.yaml lists, so they are warnings.
   */
  readonly closedLinks: boolean;
}

/** The validated record: blockers with both directions of every blocking link filled in. */
export interface TrackingRecord {
  readonly milestones: readonly Milestone[];
  readonly blockers: readonly Blocker[];
  /** Problems that are not errors (links to tickets outside an open record such as a Jira export). */
  readonly warnings: readonly string[];
}

function where(source: { file: string; path: string }, field: string): string {
  return `${source.file}: ${source.path}.${field}`;
}

/**
 * Checks the cross-references of milestones and blockers (milestone ids, blocker ids, blocking links,
 * milestone dependencies without cycles, created ≤ resolved) and makes blocking links symmetric.
 * @throws TrackingInputError listing every problem with its file and path.
 */
export function validateTracking(milestones: readonly Milestone[], blockers: readonly Blocker[], options: Partial<ValidateTrackingOptions> = {}): TrackingRecord {
  const closedLinks = options.closedLinks ?? true;
  const errors: string[] = [];
  const warnings: string[] = [];
  const milestoneById = new Map(milestones.map((m) => [m.id, m]));
  const blockerById = new Map(blockers.map((b) => [b.id, b]));

  for (const m of milestones) {
    m.requires.forEach((r, i) => {
      if (!milestoneById.has(r)) errors.push(`${where(m.source, `requires[${i}]`)}: unknown milestone ${r}`);
    });
    m.blockers.forEach((id, i) => {
      if (!blockerById.has(id)) (closedLinks ? errors : warnings).push(`${where(m.source, `evidence.blockers[${i}]`)}: unknown blocker ${id}`);
    });
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (m: Milestone, chain: string[]): void => {
    if (done.has(m.id)) return;
    if (visiting.has(m.id)) {
      errors.push(`${where(m.source, 'requires')}: milestone dependency cycle ${[...chain, m.id].join(' → ')}`);
      return;
    }
    visiting.add(m.id);
    for (const r of m.requires) {
      const next = milestoneById.get(r);
      if (next) visit(next, [...chain, m.id]);
    }
    visiting.delete(m.id);
    done.add(m.id);
  };
  for (const m of milestones) visit(m, []);

  const blocks = new Map(blockers.map((b) => [b.id, new Set(b.blocks)]));
  const blockedBy = new Map(blockers.map((b) => [b.id, new Set(b.blockedBy)]));
  for (const b of blockers) {
    b.milestones.forEach((id, i) => {
      if (!milestoneById.has(id)) errors.push(`${where(b.source, `milestones[${i}]`)}: unknown milestone ${id}`);
    });
    for (const [field, list] of [['blocks', b.blocks], ['blockedBy', b.blockedBy]] as const) {
      list.forEach((id, i) => {
        const message = `${where(b.source, `${field}[${i}]`)}: ${b.id} links to ${id}, which is not in the record`;
        if (id === b.id) errors.push(`${where(b.source, `${field}[${i}]`)}: ${b.id} links to itself`);
        else if (!blockerById.has(id)) (closedLinks ? errors : warnings).push(message);
        else if (field === 'blocks') blockedBy.get(id)?.add(b.id);
        else blocks.get(id)?.add(b.id);
      });
    }
    if (b.created && b.resolved && b.resolved < b.created) errors.push(`${where(b.source, 'resolved')}: ${b.resolved} is before created ${b.created}`);
  }
  if (errors.length) throw new TrackingInputError(errors);
  return {
    milestones,
    blockers: blockers.map((b) => ({ ...b, blocks: [...(blocks.get(b.id) ?? [])], blockedBy: [...(blockedBy.get(b.id) ?? [])] })),
    warnings,
  };
}
