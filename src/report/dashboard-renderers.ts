import type { Dashboard } from '../tracking/build-dashboard.js';
import { renderDashboardHtml } from './dashboard-html.js';
import { renderDashboardMarkdown } from './dashboard-markdown.js';

/** Dashboard renderers by output file name (written by `gen2to3 milestones --out DIR`). */
export const DASHBOARD_RENDERERS: Readonly<Record<string, (d: Dashboard) => string>> = {
  'milestones.html': renderDashboardHtml,
  'milestones.md': renderDashboardMarkdown,
  'milestones.json': (d) => `${JSON.stringify(d, null, 2)}\n`,
};
