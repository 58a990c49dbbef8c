import { describe, expect, it } from 'vitest';
import { demoConverter } from '../../../../converters/demo/index.js';
import { physicalToBand } from '../../../../src/convert/filter-map.js';
import { checkFaults, FLAT_CHOICE_SHIFT_DAYS, faultedConverters, pipelineOptions } from '../../../../ci_gen3/stages/inject-faults.js';
import { FaultNotSupportedError } from '../../../../ci_gen3/stages/harness-errors.js';
import type { SuiteFault } from '../../../../ci_gen3/suite/suite-schema.js';

describe('pipelineOptions', () => {
  it('gather-order reverses the visitSummary gather (the butlers already list inputs sorted)', () => {
    expect(pipelineOptions([{ kind: 'gather-order', side: 'gen3', step: 'visitSummary' }])).toEqual({ gatherOrder: 'reversed' });
  });
  it('flat-choice: the flat of another filter, or a shifted lookup, limited to the given data IDs', () => {
    expect(pipelineOptions([{ kind: 'flat-choice', side: 'gen2', useFilter: 'DEMO-R', dataIds: [{ visit: 1000, ccd: 1 }] }])).toEqual({ flatFilter: 'DEMO-R', flatFaultDataIds: [{ visit: 1000, ccd: 1 }] });
    expect(pipelineOptions([{ kind: 'flat-choice', side: 'gen3' }])).toEqual({ flatShiftDays: FLAT_CHOICE_SHIFT_DAYS });
  });
  it('filter-band: a pipeline option on Gen2 only (on Gen3 it is a conversion fault); config faults per task', () => {
    expect(pipelineOptions([{ kind: 'filter-band', side: 'gen2', physicalFilter: 'DEMO-G', band: 'r' }])).toEqual({ filterBands: { 'DEMO-G': 'r' } });
    expect(pipelineOptions([{ kind: 'filter-band', side: 'gen3', physicalFilter: 'DEMO-G', band: 'r' }])).toEqual({});
    expect(pipelineOptions([{ kind: 'config', side: 'gen3', task: 'detect', field: 'minPixels', value: 3 }])).toEqual({ detect: { minPixels: 3 } });
  });
});

describe('faultedConverters', () => {
  it('declares the faulted physical filter with the wrong band on Gen3, leaving the original converter alone', () => {
    const faults: SuiteFault[] = [{ kind: 'filter-band', side: 'gen3', physicalFilter: 'DEMO-G', band: 'r' }];
    const [faulted] = faultedConverters([demoConverter], faults);
    const filters = faulted!.instruments[0]!.filters;
    expect(physicalToBand(filters, 'DEMO-G')).toBe('r');
    expect(physicalToBand(filters, 'DEMO-R')).toBe('r');
    expect(physicalToBand(demoConverter.instruments[0]!.filters, 'DEMO-G')).toBe('g');
  });
  it('adds an unknown physical filter, and changes nothing without a Gen3 filter-band fault', () => {
    const [added] = faultedConverters([demoConverter], [{ kind: 'filter-band', side: 'gen3', physicalFilter: 'DEMO-X', band: 'z' }]);
    expect(physicalToBand(added!.instruments[0]!.filters, 'DEMO-X')).toBe('z');
    const [same] = faultedConverters([demoConverter], [{ kind: 'filter-band', side: 'gen2', physicalFilter: 'DEMO-G', band: 'r' }]);
    expect(same).toBe(demoConverter);
  });
});

describe('checkFaults', () => {
  it('accepts every kind on demo inputs; calib-validity-shift only on Gen2 demo inputs; gather-order only for visitSummary', () => {
    const all: SuiteFault[] = [
      { kind: 'flat-choice', side: 'gen3' },
      { kind: 'filter-band', side: 'gen3', physicalFilter: 'DEMO-G', band: 'r' },
      { kind: 'gather-order', side: 'gen2', step: 'visitSummary' },
      { kind: 'calib-validity-shift', side: 'gen2', datasetType: 'flat', days: 1 },
    ];
    expect(() => checkFaults(all, { demoInputs: true })).not.toThrow();
    expect(() => checkFaults([{ kind: 'calib-validity-shift', side: 'gen2', datasetType: 'flat', days: 1 }], { demoInputs: false })).toThrow(FaultNotSupportedError);
    expect(() => checkFaults([{ kind: 'gather-order', side: 'gen3', step: 'isr' }], { demoInputs: true })).toThrow(/only the visitSummary gather/);
  });
});
