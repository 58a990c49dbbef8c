import type { Outcome, Verdict } from '../results/outcome.js';

/** Fill colour of each outcome in charts (colour-blind-safe palette). */
export const OUTCOME_COLORS: Record<Outcome, string> = {
  identical: '#1b7837',
  'within-tolerance': '#7fbf7b',
  explained: '#9970ab',
  different: '#d73027',
  'only-gen2': '#f46d43',
  'only-gen3': '#fdae61',
  failed: '#4d4d4d',
};

/** Human label of each outcome. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  identical: 'identical',
  'within-tolerance': 'within tolerance',
  explained: 'explained',
  different: 'different',
  'only-gen2': 'only Gen2',
  'only-gen3': 'only Gen3',
  failed: 'failed',
};

/** Fill colour of each verdict. */
export const VERDICT_COLORS: Record<Verdict, string> = { pass: '#1b7837', fail: '#d73027', empty: '#bdbdbd' };

/** Gen2 and Gen3 series colours. */
export const SIDE_COLORS = { gen2: '#2166ac', gen3: '#b2182b' } as const;
