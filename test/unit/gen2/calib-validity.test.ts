import { describe, expect, it } from 'vitest';
import { computeGen2Validity } from '../../../src/gen2/calib-validity.js';

describe('computeGen2Validity (ingestCalibs.py --validity)', () => {
  it('gives calibDate ± N for an isolated calibration', () => {
    expect(computeGen2Validity(['2013-11-03'], { validityDays: 180, untilSuperseded: false })).toEqual([
      { calibDate: '2013-11-03', validStart: '2013-05-07', validEnd: '2014-05-02' },
    ]);
  });

  it('cuts overlaps at the integer-day midpoint, incrementing the earlier end by default', () => {
    const out = computeGen2Validity(['2020-01-10', '2020-01-01'], { validityDays: 30, untilSuperseded: false });
    expect(out).toEqual([
      { calibDate: '2020-01-01', validStart: '2019-12-02', validEnd: '2020-01-06' },
      { calibDate: '2020-01-10', validStart: '2020-01-06', validEnd: '2020-02-09' },
    ]);
    const strict = computeGen2Validity(['2020-01-01', '2020-01-10'], { validityDays: 30, untilSuperseded: false, incrementValidEnd: false });
    expect(strict.map((v) => v.validEnd)).toEqual(['2020-01-05', '2020-02-09']);
  });

  it('leaves disjoint ranges alone', () => {
    const out = computeGen2Validity(['2020-01-01', '2020-03-01'], { validityDays: 5, untilSuperseded: false });
    expect(out.map((v) => [v.validStart, v.validEnd])).toEqual([
      ['2019-12-27', '2020-01-06'],
      ['2020-02-25', '2020-03-06'],
    ]);
  });

  it('makes until-superseded tables valid up to the day before the next, the last to 2037-12-31', () => {
    const out = computeGen2Validity(['2013-01-31T00:00:00', '2014-04-03T00:00:00'], { validityDays: 0, untilSuperseded: true });
    expect(out).toEqual([
      { calibDate: '2013-01-31T00:00:00', validStart: '2013-01-31', validEnd: '2014-04-02' },
      { calibDate: '2014-04-03T00:00:00', validStart: '2014-04-03', validEnd: '2037-12-31' },
    ]);
  });

  it('rejects a malformed date', () => {
    expect(() => computeGen2Validity(['yesterday'], { validityDays: 1, untilSuperseded: false })).toThrow('not an ISO date: "yesterday"');
  });
});
