import type { Converter } from '../../src/convert/converter.js';

/** The demo instrument of this project (policy in ci_gen3/demo/policy). */
export const demoConverter: Converter = {
  family: 'demo',
  instruments: [{ mapperClasses: ['DemoMapper'], instrument: 'DemoCam', instrumentClass: 'gen2to3.demo.DemoCam' }],
};
