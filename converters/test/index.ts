import type { Converter } from '../../src/convert/converter.js';

/** obs_test's TestMapper: a Gen2-only test camera with no Gen3 instrument. */
export const testConverter: Converter = {
  family: 'test',
  instruments: [{ mapperClasses: ['TestMapper'], instrument: undefined, instrumentClass: undefined }],
};
