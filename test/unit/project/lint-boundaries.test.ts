import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/fixtures.js';

const eslint = new ESLint({ cwd: PROJECT_ROOT });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(PROJECT_ROOT, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('folder dependency rule (ARCHITECTURE §2)', () => {
  it('src/ core may not import converters/ or ci_gen3/', async () => {
    expect(await ruleIds('src/gen2/probe.ts', "import { CONVERTERS } from '../../converters/index.js';\nexport const x = CONVERTERS;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src/gen3/probe.ts', "import { DEMO_INSTRUMENT } from '../../ci_gen3/demo/demo-instrument.js';\nexport const x = DEMO_INSTRUMENT;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('converters/ may import src/ but not ci_gen3/', async () => {
    expect(await ruleIds('converters/hsc/probe.ts', "import { DEMO_INSTRUMENT } from '../../ci_gen3/demo/demo-instrument.js';\nexport const x = DEMO_INSTRUMENT;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('converters/hsc/probe.ts', "import { ExitCode } from '../../src/errors.js';\nexport const x = ExitCode;\n")).toEqual([]);
  });

  it('src/cli/ (the composition root) may import all three', async () => {
    const code = "import { CONVERTERS } from '../../converters/index.js';\nimport { DEMO_INSTRUMENT } from '../../ci_gen3/demo/demo-instrument.js';\nexport const x = [CONVERTERS, DEMO_INSTRUMENT];\n";
    expect(await ruleIds('src/cli/probe.ts', code)).toEqual([]);
  });

  it('library code may not write to the console', async () => {
    expect(await ruleIds('src/gen2/probe.ts', "console.log('hi');\n")).toContain('no-console');
    expect(await ruleIds('ci_gen3/probe.ts', "console.log('hi');\n")).toContain('no-console');
  });
});
