// Our BLAKE2b against Python's hashlib on many inputs (lengths around the 128-byte block size, non-ASCII).
import { expect, it } from 'vitest';
import { blake2bHex, shrinkName } from '../../../src/gen3/ddl/index.js';
import { describeInterop, runPythonJson } from '../../helpers/python.js';

describeInterop('BLAKE2b vs Python hashlib', () => {
  it('agrees for digest sizes 4 and 64 on 300 inputs', async () => {
    const inputs = Array.from({ length: 300 }, (_, i) => 'ab_cdé€'.repeat(1 + (i % 60)).slice(0, i));
    const expected = await runPythonJson<[string, string][]>(
      'import hashlib, json, sys\ninputs = json.load(sys.stdin)\nprint(json.dumps([[hashlib.blake2b(s.encode(), digest_size=4).hexdigest(), hashlib.blake2b(s.encode()).hexdigest()] for s in inputs]))',
      [],
      { input: JSON.stringify(inputs) },
    );
    expect(inputs.map((s) => [blake2bHex(s, 4), blake2bHex(s)])).toEqual(expected);
    expect(shrinkName('x'.repeat(70))).toMatch(/^x{54}_[0-9a-f]{8}$/);
  });
});
