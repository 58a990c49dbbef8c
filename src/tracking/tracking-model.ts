import type { Day } from './tracking-date.js';

/** Where an item came from, for messages: the file and the path inside it. */
export interface SourceRef {
  readonly file: string;
  readonly path: string;
}

/** A parity check a milestone requires: the latest run of `suite` must pass for the selected comparisons. */
export interface ParityRequirement {
  readonly suite: string;
  /** Only comparisons of this instrument. Default is every instrument. */
  readonly instrument?: string;
  /** Only this dataset type. Default is every dataset type. */
  readonly datasetType?: string;
  /** Only conversion or processing comparisons. Default is both. */
  readonly kind?: 'conversion' | 'processing';
}

/** A retirement gate. */
export interface Milestone {
  readonly id: string;
  readonly title: string;
  /** The due day (a due month is its last day). */
  readonly due: Day;
  /** The due date as written (`2020-05`). */
  readonly dueText: string;
  readonly description?: string;
  /** Where the id, title and date come from, and what is not documented. */
  readonly provenance?: string;
  /** Milestones that must be met first. */
  readonly requires: readonly string[];
  readonly parity: readonly ParityRequirement[];
  /** Blocker ids that must be resolved. */
  readonly blockers: readonly string[];
  readonly source: SourceRef;
}

/** Blocker workflow state (Jira status categories, with won't-fix split out of done). */
export type BlockerStatus = 'open' | 'in-progress' | 'done' | 'wont-fix';

/** A deprecation-blocker ticket. */
export interface Blocker {
  /** Jira key (`DM-20572`) or, where no public ticket exists, a local id. */
  readonly id: string;
  /** The Jira ticket, when known; `undefined` for local ids. */
  readonly ticket: string | undefined;
  readonly title: string;
  readonly labels: readonly string[];
  readonly status: BlockerStatus;
  /** Status name as recorded (`In Review`, `Done`). */
  readonly statusName: string;
  readonly milestones: readonly string[];
  /** Ids this ticket blocks / is blocked by. */
  readonly blocks: readonly string[];
  readonly blockedBy: readonly string[];
  /** Other tickets that are related evidence (no blocking relation). */
  readonly related: readonly string[];
  readonly created?: Day;
  readonly due?: Day;
  readonly resolved?: Day;
  readonly note?: string;
  readonly source: SourceRef;
}

/** True when the blocker is resolved (done or won't fix). */
export function isClosed(b: Pick<Blocker, 'status'>): boolean {
  return b.status === 'done' || b.status === 'wont-fix';
}

/** True when the blocker is open on `day`: created by then (or undated) and not resolved by then. */
export function isOpenOn(b: Blocker, day: Day): boolean {
  if (b.created && b.created > day) return false;
  if (!isClosed(b)) return true;
  return b.resolved !== undefined && b.resolved > day;
}
