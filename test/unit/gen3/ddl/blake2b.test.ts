import { describe, expect, it } from 'vitest';
import { blake2b, blake2bHex, shrinkName } from '../../../../src/gen3/ddl/index.js';

// Expected values computed with Python: hashlib.blake2b(x, digest_size=4).hexdigest() (interop venv, Python 3.11).
const VECTORS_4: [string, string][] = [
  ['', '1271cf25'],
  ['abc', '63906248'],
  ['fkey_collection_summary_dataset_type_collection_collection_id_collection_id', '4090d073'],
  ['x'.repeat(200), '01d7de14'],
  ['a'.repeat(128), '12cabd16'],
  ['a'.repeat(129), '55ada03e'],
];

describe('BLAKE2b (RFC 7693)', () => {
  it('matches the RFC 7693 appendix A vector for BLAKE2b-512("abc")', () => {
    expect(blake2bHex('abc')).toBe(
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
    );
  });

  it.each(VECTORS_4)('digest_size=4 of %j is %s (Python hashlib)', (input, hex) => {
    expect(blake2bHex(input, 4)).toBe(hex);
  });

  it('digest size is part of the parameter block: not a prefix of the 64-byte digest', () => {
    expect(blake2bHex('abc', 4)).not.toBe(blake2bHex('abc').slice(0, 8));
    expect(blake2b(new Uint8Array(0), 1)).toHaveLength(1);
    expect(() => blake2b(new Uint8Array(0), 65)).toThrow(RangeError);
  });
});

describe('PostgreSQL name shrinking', () => {
  it('keeps names of at most 63 characters', () => {
    const name = 'x'.repeat(63);
    expect(shrinkName(name)).toBe(name);
  });

  it.each([
    ['fkey_collection_summary_dataset_type_collection_collection_id_collection_id', 'fkey_collection_summary_dataset_type_collection_collec_4090d073'],
    [
      'dataset_calibs_00000002_idx_dataset_type_id_collection_id_instrument_detector_timespan',
      'dataset_calibs_00000002_idx_dataset_type_id_collection_d1cb642b',
    ],
    ['patch_skypix_overlap_idx_skypix_system_skypix_level_skypix_index_skymap_tract_patch', 'patch_skypix_overlap_idx_skypix_system_skypix_level_sk_315a3f24'],
  ])('%s → %s (observed in daf_butler repos)', (long, short) => {
    expect(shrinkName(long)).toBe(short);
    expect(shrinkName(long)).toHaveLength(63);
  });
});
