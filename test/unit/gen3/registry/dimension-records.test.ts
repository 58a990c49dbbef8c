import { describe, expect, it } from 'vitest';
import { defaultUniverse } from '../../../../src/gen3/dimensions/index.js';
import { RegistryValidationError, elementSpec, validateRecords } from '../../../../src/gen3/registry/index.js';

const universe = defaultUniverse();

describe('dimension record validation', () => {
  it('fills absent nullable columns with null', () => {
    const [row] = validateRecords(elementSpec(universe, 'detector'), [{ instrument: 'X', id: 1 }]);
    expect(row).toEqual({ instrument: 'X', id: 1, full_name: null, name_in_raft: null, raft: null, purpose: null });
  });
  it('rejects unknown elements and elements without a table', () => {
    expect(() => elementSpec(universe, 'nope')).toThrow(RegistryValidationError);
    expect(() => elementSpec(universe, 'band')).toThrow(/no records of its own/);
    expect(() => elementSpec(universe, 'htm7')).toThrow(RegistryValidationError);
  });
  it('checks types, lengths, required columns, unknown fields and duplicate keys', () => {
    const spec = elementSpec(universe, 'exposure');
    const check = (rows: Record<string, unknown>[]) => () => validateRecords(spec, rows);
    const ok = { instrument: 'X', id: 1, day_obs: 20200101, group: 'g', physical_filter: 'f' };
    expect(check([ok])).not.toThrow();
    expect(check([{ ...ok, id: 1.5 }])).toThrow(/exposure.id must be an integer/);
    expect(check([{ ...ok, exposure_time: '30' }])).toThrow(/exposure_time must be a number/);
    expect(check([{ ...ok, can_see_sky: 1 }])).toThrow(/can_see_sky must be a boolean/);
    expect(check([{ ...ok, timespan: { begin: 1, end: 2 } }])).toThrow(/timespan/);
    expect(check([{ ...ok, instrument: 'x'.repeat(33) }])).toThrow(/1..32 characters/);
    expect(check([{ ...ok, group: undefined }])).toThrow(/exposure.group is required/);
    expect(check([{ ...ok, colour: 'red' }])).toThrow(/no field "colour"/);
    expect(check([ok, ok])).toThrow(/duplicate key/);
  });
});
