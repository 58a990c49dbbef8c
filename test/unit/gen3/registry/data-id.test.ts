import { describe, expect, it } from 'vitest';
import { defaultUniverse } from '../../../../src/gen3/dimensions/index.js';
import { RegistryValidationError, dataIdText, requiredDimensions, standardizeDataId } from '../../../../src/gen3/registry/index.js';

const universe = defaultUniverse();

describe('requiredDimensions', () => {
  it('stores the required closure in universe order, dropping dimensions implied by others', () => {
    expect(requiredDimensions(universe, ['exposure', 'detector'])).toEqual(['instrument', 'detector', 'exposure']);
    expect(requiredDimensions(universe, ['instrument', 'detector', 'physical_filter', 'band'])).toEqual(['instrument', 'detector', 'physical_filter']);
    expect(requiredDimensions(universe, ['skymap', 'tract', 'patch', 'band'])).toEqual(['band', 'skymap', 'tract', 'patch']);
    expect(requiredDimensions(universe, ['exposure', 'day_obs', 'group'])).toEqual(['instrument', 'exposure']);
  });
});

describe('standardizeDataId', () => {
  const raw = ['instrument', 'detector', 'exposure'];
  it('keeps required values, drops implied ones', () => {
    expect(standardizeDataId(universe, raw, { exposure: 5, instrument: 'X', detector: 1n, physical_filter: 'r', band: 'r' })).toEqual({ instrument: 'X', detector: 1n, exposure: 5 });
  });
  it('rejects missing, unknown and mistyped values with every problem listed', () => {
    const bad = () => standardizeDataId(universe, raw, { instrument: 'X', detector: '1', visit: 3 });
    expect(bad).toThrow(RegistryValidationError);
    expect(bad).toThrow(/unexpected dimension visit.*missing exposure|detector must be an integer/);
    expect(() => standardizeDataId(universe, raw, { instrument: '', detector: 1, exposure: 1.5 })).toThrow(/instrument must be a non-empty string; exposure must be an integer/);
  });
  it('prints data IDs stably', () => {
    expect(dataIdText({ instrument: 'X', detector: 10n })).toBe('instrument=X,detector=10');
  });
});
