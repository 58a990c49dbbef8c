import type { Logger } from '../log/logger.js';
import { buildDashboard, type Dashboard } from './build-dashboard.js';
import { TrackingInputError } from './errors.js';
import { readHistory } from './history.js';
import { importJiraExport } from './import-jira.js';
import { loadBlockers } from './load-blockers.js';
import { loadMilestones } from './load-milestones.js';
import { isDay, today, type Day } from './tracking-date.js';
import { validateTracking } from './validate-tracking.js';

/** Inputs of {@link milestonesDashboard}. */
export interface MilestonesDashboardOptions {
  /** milestones.yaml. */
  readonly milestones: string;
  /** blockers.yaml, or a Jira REST search export (exactly one). */
  readonly blockers: { readonly yaml: string } | { readonly jiraExport: string };
  /** history.jsonl (missing = no runs yet). */
  readonly history: string;
  /** Day the gates are evaluated on. Default is today (UTC). */
  readonly asOf?: Day;
  readonly logger: Logger;
}

/**
 * Loads the tracked record (milestones, blockers or a Jira export, history), validates it and
 * evaluates every gate as of a day.
 * @throws TrackingInputError naming the file and path of every problem; FileAccessError when a file is unreadable.
 */
export async function milestonesDashboard(options: MilestonesDashboardOptions): Promise<Dashboard> {
  const asOf = options.asOf ?? today();
  if (!isDay(asOf)) throw new TrackingInputError([`--as-of: not a valid day: ${JSON.stringify(asOf)} (expected YYYY-MM-DD)`]);
  const milestones = await loadMilestones(options.milestones);
  const ids = new Set(milestones.map((m) => m.id));
  const fromJira = 'jiraExport' in options.blockers;
  const blockerFile = 'jiraExport' in options.blockers ? options.blockers.jiraExport : options.blockers.yaml;
  const blockers = 'jiraExport' in options.blockers ? await importJiraExport(options.blockers.jiraExport, ids) : await loadBlockers(options.blockers.yaml);
  const record = validateTracking(milestones, blockers, { closedLinks: !fromJira });
  for (const w of record.warnings) options.logger.warn('tracking-link-outside-record', { message: w });
  const history = await readHistory(options.history);
  const dashboard = buildDashboard(record, history, asOf, { milestones: options.milestones, blockers: blockerFile, history: options.history });
  options.logger.info('milestones-evaluated', { asOf, gates: dashboard.gates.map((g) => `${g.id}=${g.state}`).join(' '), runs: history.length });
  return dashboard;
}
