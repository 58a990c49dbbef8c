/** Gen2 mapper policy: search path, loading/merging (gen2-format §3.1), normalised types, virtual dataset types. */
export { POLICY_SECTIONS } from './mapper-policy.js';
export type { CompositeComponent, DatasetMapping, MapperPolicy, PolicySection } from './mapper-policy.js';
export { loadMapperPolicy, normaliseDatasetMapping, SECTION_DEFAULTS } from './load-mapper-policy.js';
export type { LoadMapperPolicyOptions } from './load-mapper-policy.js';
export { findPolicyFile, locatePolicyFile, parsePolicySearchPath, policyFileCandidates, policySearchPathFromEnv, POLICY_PATH_ENV, resolvePolicySearchPath } from './search-path.js';
export { parsePolicyYaml, readPolicyYaml } from './policy-yaml.js';
export type { PolicyYaml } from './policy-yaml.js';
export { deepCopy, isPlainMap, policyMerge, policyUpdate } from './policy-merge.js';
export type { PlainMap } from './policy-merge.js';
export { derivedDatasetSource, fileDatasetTypes, isFileBackedMapping, isVirtualDataset } from './dataset-types.js';
export { obsTimeColumn } from './obs-time.js';
