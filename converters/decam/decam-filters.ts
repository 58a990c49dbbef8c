import type { FilterMap } from '../../src/convert/filter-map.js';

/**
 * DECam physical filters (obs_decam `DECAM_FILTER_DEFINITIONS`). Gen2 registries and calibration
 * paths use the short names (`z`, `Y`), listed as aliases; the Gen3 names are the long ones.
 * `z` is verified against the reference conversion (testdata_decam); the others follow obs_decam.
 */
export const DECAM_FILTERS: FilterMap = {
  definitions: [
    { physicalFilter: 'u DECam c0006 3500.0 1000.0', band: 'u', gen2Aliases: ['u'] },
    { physicalFilter: 'g DECam SDSS c0001 4720.0 1520.0', band: 'g', gen2Aliases: ['g'] },
    { physicalFilter: 'r DECam SDSS c0002 6415.0 1480.0', band: 'r', gen2Aliases: ['r'] },
    { physicalFilter: 'i DECam SDSS c0003 7835.0 1470.0', band: 'i', gen2Aliases: ['i'] },
    { physicalFilter: 'z DECam SDSS c0004 9260.0 1520.0', band: 'z', gen2Aliases: ['z'] },
    { physicalFilter: 'Y DECam c0005 10095.0 1130.0', band: 'y', gen2Aliases: ['Y', 'y'] },
    { physicalFilter: 'VR DECam c0007 6300.0 2600.0', band: 'VR', gen2Aliases: ['VR'] },
    { physicalFilter: 'N964 DECam c0008 9645.0 94.0', band: 'N964', gen2Aliases: ['N964'] },
    { physicalFilter: 'solid plate 0.0 0.0', band: 'solid plate' },
  ],
};
