import type { GateReason } from '../tracking/evaluate-gates.js';
import type { ParityRequirement } from '../tracking/tracking-model.js';

/** `suite demo, DemoCam, calexp (processing)`. */
export function requirementText(r: ParityRequirement): string {
  return [`suite ${r.suite}`, r.instrument, r.datasetType ?? 'all dataset types', r.kind].filter(Boolean).join(', ');
}

/** One sentence per gate reason. */
export function gateReasonText(reason: GateReason): string {
  switch (reason.kind) {
    case 'blocker-open':
      return `blocker ${reason.blocker} "${reason.title}" is ${reason.resolvedLater ? `open then (resolved ${reason.resolvedLater})` : reason.status}${reason.blockedBy.length ? ` (blocked by ${reason.blockedBy.join(', ')})` : ''}`;
    case 'parity-missing':
      return `no parity evidence for ${requirementText(reason.requirement)}`;
    case 'parity-failing':
      return `parity failing for ${requirementText(reason.requirement)} in the run of ${reason.when}: ${reason.counts.different} different, ${reason.counts['only-gen2']} only Gen2, ${reason.counts['only-gen3']} only Gen3, ${reason.counts.failed} failed`;
    case 'requires-unmet':
      return `required milestone ${reason.milestone} is ${reason.state}`;
    case 'past-due':
      return `past due ${reason.due} by ${reason.daysLate} day(s)`;
    case 'met':
      return reason.on ? `met on ${reason.on}${reason.late ? ' (after the due date)' : ''}` : 'met (no dated evidence)';
  }
}
