import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { DASHBOARD_RENDERERS } from '../../report/dashboard-renderers.js';
import { renderDashboardMarkdown } from '../../report/dashboard-markdown.js';
import { writeTextFile } from '../../report/write-text-file.js';
import { milestonesDashboard } from '../../tracking/milestones-dashboard.js';
import type { CommandRegistrar } from './index.js';

interface MilestonesCliOptions {
  blockers?: string;
  jiraExport?: string;
  milestones: string;
  history: string;
  out?: string;
  asOf?: string;
}

/** `gen2to3 milestones`. */
export const registerMilestones: CommandRegistrar = (program: Command, context) => {
  program
    .command('milestones')
    .description('evaluate the Gen2 retirement gates (met / at risk / blocked / missed, and why) and render the dashboard')
    .option('--blockers <file>', 'blocker tickets (YAML; default reports/blockers.yaml)')
    .option('--jira-export <file>', 'blocker tickets from a Jira REST search export (JSON) instead of --blockers')
    .option('--milestones <file>', 'milestone gates (YAML)', 'reports/milestones.yaml')
    .option('--history <file>', 'harness run history (JSON lines)', 'reports/history.jsonl')
    .option('--out <dir>', 'write milestones.html, milestones.md and milestones.json to DIR (default: print the Markdown)')
    .option('--as-of <date>', 'evaluate on this day, YYYY-MM-DD (default: today, UTC)')
    .action(async (opts: MilestonesCliOptions) => {
      const ctx = context();
      if (opts.blockers && opts.jiraExport) throw new UsageError('--blockers and --jira-export are alternatives; give one');
      const dashboard = await milestonesDashboard({
        milestones: opts.milestones,
        blockers: opts.jiraExport ? { jiraExport: opts.jiraExport } : { yaml: opts.blockers ?? 'reports/blockers.yaml' },
        history: opts.history,
        ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
        logger: ctx.logger,
      });
      if (!opts.out) {
        ctx.out(renderDashboardMarkdown(dashboard));
        return;
      }
      for (const [name, render] of Object.entries(DASHBOARD_RENDERERS)) await writeTextFile(path.join(opts.out, name), render(dashboard));
      ctx.out(`wrote ${Object.keys(DASHBOARD_RENDERERS).map((n) => path.join(opts.out ?? '', n)).join(', ')}: ${dashboard.gates.map((g) => `${g.id} ${g.state}`).join(', ')}`);
    });
};
