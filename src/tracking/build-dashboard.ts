import { problemsOf, totalOf, type OutcomeCounts } from '../results/outcome.js';
import { evaluateGates, type GateEvaluation } from './evaluate-gates.js';
import type { HistoryEntry } from './history.js';
import type { Day } from './tracking-date.js';
import { isClosed, isOpenOn, type Blocker } from './tracking-model.js';
import type { TrackingRecord } from './validate-tracking.js';

/** The format version of the dashboard JSON. */
export const DASHBOARD_FORMAT_VERSION = 1;

/** One point of the open-blocker burndown. */
export interface BurndownPoint {
  readonly day: Day;
  readonly open: number;
}

/** One run in the parity trend. */
export interface ParityTrendPoint {
  readonly when: string;
  readonly day: Day;
  readonly suite: string;
  readonly commit?: string;
  readonly counts: OutcomeCounts;
  readonly total: number;
  readonly problems: number;
}

/** Everything the milestone dashboards show, as data. */
export interface Dashboard {
  readonly formatVersion: typeof DASHBOARD_FORMAT_VERSION;
  readonly asOf: Day;
  readonly sources: { readonly milestones: string; readonly blockers: string; readonly history: string };
  readonly gates: readonly GateEvaluation[];
  readonly blockers: readonly (Blocker & { readonly openNow: boolean })[];
  readonly burndown: {
    readonly points: readonly BurndownPoint[];
    /** Closed blockers without a resolution date: left out of the burndown (when they closed is unknown). */
    readonly undatedResolutions: readonly string[];
  };
  readonly parityTrend: readonly ParityTrendPoint[];
  /** Non-fatal problems (links to tickets outside the record). */
  readonly warnings: readonly string[];
}

/** Open blockers on each day where something changed (creation, resolution, a run, a due date), up to `asOf`. */
export function burndown(blockers: readonly Blocker[], days: readonly Day[], asOf: Day): Dashboard['burndown'] {
  const undated = blockers.filter((b) => isClosed(b) && !b.resolved).map((b) => b.id);
  const dated = blockers.filter((b) => !undated.includes(b.id));
  const changeDays = [...days, ...dated.flatMap((b) => [b.created, b.resolved]).filter((d): d is Day => d !== undefined), asOf];
  const unique = [...new Set(changeDays.filter((d) => d <= asOf))].sort();
  return { points: unique.map((day) => ({ day, open: dated.filter((b) => isOpenOn(b, day)).length })), undatedResolutions: undated };
}

/** Builds the dashboard data: gate evaluations, blockers, burndown and parity trend as of `asOf`. */
export function buildDashboard(record: TrackingRecord, history: readonly HistoryEntry[], asOf: Day, sources: Dashboard['sources']): Dashboard {
  const runs = history.filter((h) => h.when.slice(0, 10) <= asOf);
  const milestoneDays = record.milestones.map((m) => m.due);
  return {
    formatVersion: DASHBOARD_FORMAT_VERSION,
    asOf,
    sources,
    gates: evaluateGates(record.milestones, record.blockers, runs, asOf),
    blockers: record.blockers.map((b) => ({ ...b, openNow: isOpenOn(b, asOf) })),
    burndown: burndown(record.blockers, [...runs.map((h) => h.when.slice(0, 10)), ...milestoneDays], asOf),
    parityTrend: runs.map((h) => ({
      when: h.when,
      day: h.when.slice(0, 10),
      suite: h.suite,
      ...(h.commit ? { commit: h.commit } : {}),
      counts: h.counts,
      total: totalOf(h.counts),
      problems: problemsOf(h.counts),
    })),
    warnings: record.warnings,
  };
}
