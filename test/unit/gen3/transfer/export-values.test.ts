import { describe, expect, it } from 'vitest';
import {
  checkFormatVersion,
  exportTimeFromTaiNs,
  exportTimeFromUtcTimestamp,
  exportTimeToTaiNs,
  parseExport,
  writeExport,
} from '../../../../src/gen3/transfer/index.js';

describe('export times', () => {
  it('converts between the written TAI text and TAI nanoseconds', () => {
    expect(exportTimeToTaiNs({ kind: 'time', tai: '2020-01-01 00:00:00.000000000' })).toBe(1_577_836_800_000_000_000n);
    expect(exportTimeFromTaiNs(1_577_934_245_123_456_789n)).toEqual({ kind: 'time', tai: '2020-01-02 03:04:05.123456789' });
  });

  it('reads native YAML timestamps as UTC (daf_butler: astropy Time(datetime, scale="utc"))', () => {
    expect(exportTimeFromUtcTimestamp('2015-03-29 14:20:05.680000')).toEqual({ kind: 'time', tai: '2015-03-29 14:20:40.680000000' });
    expect(exportTimeFromUtcTimestamp('2020-01-02T03:04:05Z')).toEqual({ kind: 'time', tai: '2020-01-02 03:04:42.000000000' });
    expect(exportTimeFromUtcTimestamp('2020-01-02 05:04:05 +02:00')).toEqual({ kind: 'time', tai: '2020-01-02 03:04:42.000000000' });
  });
});

describe('checkFormatVersion', () => {
  it('follows daf_butler: 0 is 1.0.0, major 1, minor not newer, any patch', () => {
    expect(checkFormatVersion(0n)).toEqual({ version: { major: 1, minor: 0, patch: 0 }, text: '0' });
    expect(checkFormatVersion('1.0.1')).toEqual({ version: { major: 1, minor: 0, patch: 1 }, text: '1.0.1' });
    expect(checkFormatVersion('0.9.0')).toHaveProperty('problem');
    expect(checkFormatVersion('1.2.0')).toHaveProperty('problem');
    expect(checkFormatVersion('v1')).toEqual({ problem: "'v1' is not a version 'major.minor.patch'" });
  });
});

describe('keys', () => {
  it('quotes record keys PyYAML would not read back as strings', () => {
    const doc = { description: 'd', universeVersion: 8, universeNamespace: 'daf_butler', data: [{ type: 'dimension' as const, element: 'e', records: [{ yes: 1n, 'a: b': 2n }] }] };
    const text = writeExport(doc);
    expect(text).toContain("  - 'yes': 1\n    'a: b': 2\n");
    expect(parseExport(text, 'k.yaml').document).toEqual(doc);
  });
});
