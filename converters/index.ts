import type { Converter } from '../src/convert/converter.js';
import { cfhtConverter } from './cfht/index.js';
import { decamConverter } from './decam/index.js';
import { demoConverter } from './demo/index.js';
import { hscConverter } from './hsc/index.js';
import { lsstConverter } from './lsst/index.js';
import { testConverter } from './test/index.js';

/** Every converter gen2to3 ships. */
export const CONVERTERS: readonly Converter[] = [hscConverter, decamConverter, cfhtConverter, lsstConverter, testConverter, demoConverter];
