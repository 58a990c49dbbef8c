export { walkGen2Tree, type WalkOptions } from './walk-gen2-tree.js';
export { DEFAULT_WALK_RULES } from './default-walk-rules.js';
export type { WalkTargetSpec, WalkRules, SkipDirRule, IgnoreRule } from './walk-rules.js';
export type {
  WalkResult,
  WalkTarget,
  WalkSkipped,
  WalkIgnored,
  WalkUnrecognized,
  WalkBroken,
  WalkProblem,
  WalkAmbiguity,
  WalkTotals,
} from './walk-result.js';
