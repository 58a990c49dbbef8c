import type { Gen2Template } from '../templates/template.js';

/** A dataset type to look for: files whose relative path matches `template` are its datasets. */
export interface WalkTargetSpec {
  readonly datasetType: string;
  readonly template: Gen2Template;
}

/** A directory, relative to the walk root (e.g. `CALIB`, `rerun`), that is not walked. */
export interface SkipDirRule {
  readonly dir: string;
  /** Why it is skipped; copied into {@link WalkSkipped.reason}. */
  readonly reason: string;
}

/** Entries (files or directories) whose basename matches `pattern` are ignored. */
export interface IgnoreRule {
  /** Glob on the basename: `*` any run of characters, `?` one character, `[abc]`/`[!abc]` classes. */
  readonly pattern: string;
  /** The rule's name, copied into {@link WalkIgnored.rule}. */
  readonly rule: string;
}

/** What to leave out of a walk, checked before templates: skipped directories first, then ignore rules. */
export interface WalkRules {
  readonly skipDirs: readonly SkipDirRule[];
  readonly ignore: readonly IgnoreRule[];
}
