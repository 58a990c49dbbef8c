/**
 * `datastore.templates` of the pinned daf_butler's `configs/datastores/fileDatastore.yaml`
 * (lsst-daf-butler 30.2026.4300), verbatim.
 */
export const DEFAULT_FILE_TEMPLATES: Readonly<Record<string, string>> = Object.freeze({
  default:
    '{run:/}/{datasetType}.{component:?}/{tract:?}/{patch:?}/{day_obs|visit.day_obs|exposure.day_obs:?}/{band:?}/{subfilter:?}/{physical_filter:?}/{visit:?}/{exposure.obs_id|group:?}/{datasetType}_{component:?}_{instrument:?}_{tract:?}_{patch:?}_{band:?}_{physical_filter:?}_{visit:?}_{exposure.obs_id|group:?}_{detector.full_name:?}_{skymap:?}_{skypix:?}_{ssp_hypothesis_table:?}_{ssp_hypothesis_bundle:?}_{ssp_balanced_index:?}_{run}',
  // Raw-like dataset types (physical_filter + detector + exposure): directory by day_obs and obs_id only.
  'physical_filter+detector+exposure':
    '{run:/}/{datasetType}.{component:?}/{day_obs|exposure.day_obs}/{exposure.obs_id}/{datasetType}_{component:?}_{instrument:?}_{physical_filter}_{exposure.obs_id}_{detector.full_name}_{run}',
});
