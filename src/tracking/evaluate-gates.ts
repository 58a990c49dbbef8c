import { addCounts, emptyCounts, verdictOf, type OutcomeCounts } from '../results/outcome.js';
import type { HistoryEntry } from './history.js';
import { daysBetween, type Day } from './tracking-date.js';
import { isOpenOn, type Blocker, type Milestone, type ParityRequirement } from './tracking-model.js';

/** Gate states. `met`: nothing outstanding. `missed`: past due and not met. `blocked`: open blocker tickets or an unmet required milestone. `at-risk`: no open blockers, but parity evidence missing or failing. */
export const GATE_STATES = ['met', 'at-risk', 'blocked', 'missed'] as const;
/** One gate state. */
export type GateState = (typeof GATE_STATES)[number];

/** The state of one parity requirement in the latest run of its suite. */
export interface ParityEvidence {
  readonly requirement: ParityRequirement;
  readonly status: 'passing' | 'failing' | 'missing';
  /** The run used (latest of the suite on or before the as-of day). */
  readonly when?: string;
  readonly commit?: string;
  readonly counts?: OutcomeCounts;
}

/** Why a gate is in its state — data, rendered by the dashboards. */
export type GateReason =
  | { readonly kind: 'blocker-open'; readonly blocker: string; readonly title: string; readonly status: string; readonly blockedBy: readonly string[]; readonly resolvedLater?: Day }
  | { readonly kind: 'parity-missing'; readonly requirement: ParityRequirement }
  | { readonly kind: 'parity-failing'; readonly requirement: ParityRequirement; readonly when: string; readonly counts: OutcomeCounts }
  | { readonly kind: 'requires-unmet'; readonly milestone: string; readonly state: GateState }
  | { readonly kind: 'past-due'; readonly due: Day; readonly daysLate: number }
  | { readonly kind: 'met'; readonly on: Day | undefined; readonly late: boolean };

/** The evaluation of one milestone gate. */
export interface GateEvaluation {
  readonly id: string;
  readonly title: string;
  readonly due: Day;
  readonly dueText: string;
  readonly state: GateState;
  readonly reasons: readonly GateReason[];
  readonly blockers: readonly { id: string; title: string; status: string; open: boolean; resolved?: Day }[];
  readonly parity: readonly ParityEvidence[];
  /** Latest run per suite whose comparisons are tagged as evidence for this gate (`evidenceFor`); informational. */
  readonly tagged: readonly { suite: string; when: string; counts: OutcomeCounts }[];
  readonly provenance?: string;
}

/** The latest run of each suite (on or before `asOf`) that tags comparisons as evidence for `id`. */
export function taggedEvidence(id: string, history: readonly HistoryEntry[], asOf: Day): GateEvaluation['tagged'] {
  const latest = new Map<string, { suite: string; when: string; counts: OutcomeCounts }>();
  for (const h of history) {
    if (h.when.slice(0, 10) > asOf) continue;
    const ev = h.evidence.find((e) => e.id === id);
    if (ev) latest.set(h.suite, { suite: h.suite, when: h.when, counts: ev.counts });
  }
  return [...latest.values()];
}

function matches(req: ParityRequirement, c: HistoryEntry['comparisons'][number]): boolean {
  return (req.instrument === undefined || req.instrument === c.instrument) && (req.datasetType === undefined || req.datasetType === c.datasetType) && (req.kind === undefined || req.kind === c.kind);
}

/** Evaluates one parity requirement against the latest run of its suite on or before `asOf`. */
export function evaluateParity(req: ParityRequirement, history: readonly HistoryEntry[], asOf: Day): ParityEvidence {
  const runs = history.filter((h) => h.suite === req.suite && h.when.slice(0, 10) <= asOf);
  const latest = runs[runs.length - 1];
  if (!latest) return { requirement: req, status: 'missing' };
  const counts = emptyCounts();
  for (const c of latest.comparisons) if (matches(req, c)) addCounts(counts, c.counts);
  const verdict = verdictOf(counts);
  return { requirement: req, status: verdict === 'pass' ? 'passing' : verdict === 'fail' ? 'failing' : 'missing', when: latest.when, ...(latest.commit ? { commit: latest.commit } : {}), counts };
}

/**
 * Evaluates every milestone gate on `asOf` from the blockers and the run history.
 * A gate is `met` when its blockers are resolved, its parity checks pass in the latest run of each
 * suite and its required milestones are met; otherwise `missed` when past due, `blocked` when blocker
 * tickets (or required milestones) are open, else `at-risk` (parity evidence missing or failing).
 */
export function evaluateGates(milestones: readonly Milestone[], blockers: readonly Blocker[], history: readonly HistoryEntry[], asOf: Day): GateEvaluation[] {
  const byId = new Map(milestones.map((m) => [m.id, m]));
  const blockerById = new Map(blockers.map((b) => [b.id, b]));
  const memo = new Map<string, GateEvaluation>();
  const evaluate = (m: Milestone): GateEvaluation => {
    const cached = memo.get(m.id);
    if (cached) return cached;
    const reasons: GateReason[] = [];
    const ids = [...new Set([...m.blockers, ...blockers.filter((b) => b.milestones.includes(m.id)).map((b) => b.id)])];
    const gateBlockers = ids.flatMap((id) => {
      const b = blockerById.get(id);
      return b ? [b] : [];
    });
    for (const b of gateBlockers) {
      if (!isOpenOn(b, asOf)) continue;
      const blockedBy = b.blockedBy.filter((o) => {
        const other = blockerById.get(o);
        return !other || isOpenOn(other, asOf);
      });
      reasons.push({ kind: 'blocker-open', blocker: b.id, title: b.title, status: b.statusName, blockedBy, ...(b.resolved ? { resolvedLater: b.resolved } : {}) });
    }
    for (const r of m.requires) {
      const dep = byId.get(r);
      if (!dep) continue;
      const state = evaluate(dep).state;
      if (state !== 'met') reasons.push({ kind: 'requires-unmet', milestone: r, state });
    }
    const parity = m.parity.map((req) => evaluateParity(req, history, asOf));
    for (const p of parity) {
      if (p.status === 'missing') reasons.push({ kind: 'parity-missing', requirement: p.requirement });
      if (p.status === 'failing' && p.when && p.counts) reasons.push({ kind: 'parity-failing', requirement: p.requirement, when: p.when, counts: p.counts });
    }
    let state: GateState;
    if (reasons.length === 0) {
      const dates = [...gateBlockers.map((b) => b.resolved), ...parity.map((p) => p.when?.slice(0, 10)), ...m.requires.flatMap((r) => (memo.get(r)?.reasons ?? []).map((x) => (x.kind === 'met' ? x.on : undefined)))].filter((d): d is string => d !== undefined);
      const on = dates.length ? dates.sort()[dates.length - 1] : undefined;
      reasons.push({ kind: 'met', on, late: on !== undefined && on > m.due });
      state = 'met';
    } else if (asOf > m.due) {
      reasons.unshift({ kind: 'past-due', due: m.due, daysLate: daysBetween(m.due, asOf) });
      state = 'missed';
    } else if (reasons.some((r) => r.kind === 'blocker-open' || r.kind === 'requires-unmet')) {
      state = 'blocked';
    } else {
      state = 'at-risk';
    }
    const evaluation: GateEvaluation = {
      id: m.id,
      title: m.title,
      due: m.due,
      dueText: m.dueText,
      state,
      reasons,
      blockers: gateBlockers.map((b) => ({ id: b.id, title: b.title, status: b.statusName, open: isOpenOn(b, asOf), ...(b.resolved ? { resolved: b.resolved } : {}) })),
      parity,
      tagged: taggedEvidence(m.id, history, asOf),
      ...(m.provenance ? { provenance: m.provenance } : {}),
    };
    memo.set(m.id, evaluation);
    return evaluation;
  };
  return milestones.map(evaluate);
}
