/**
 * GAS-03: long straight-line code (no loops, no calls) is charged for every statement it runs, so
 * gas grows with the code executed and a limit below the cost stops it with a deterministic
 * out-of-gas at the same gasUsed every run; code size itself is bounded by MAX_CODE_BYTES
 * (checked in test/compiler/artifact.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../compiler/index.ts';
import { createRuntime } from '../../runtime/index.ts';
import { MiniChain, addr, compileContracts } from '../helpers/runtime-host.ts';

const runtime = createRuntime();
afterAll(() => runtime.dispose());

function straightLine(statements: number): ContractArtifact {
  const body = Array.from({ length: statements }, () => '    x = x + 1;').join('\n');
  const { Long } = compileContracts(`
@contract
export class Long {
  n: Int = 0;
  @entry
  run(): void {
    let x: Int = 0;
${body}
    this.n = x;
  }
}
`);
  return Long as ContractArtifact;
}

describe('GAS-03: straight-line code', () => {
  it('is charged per statement: 2,000 statements cost far more than 200, and a short limit is a deterministic out-of-gas', () => {
    const gasOf = (n: number): number => {
      const chain = new MiniChain(runtime);
      const c = addr(1, 'c');
      expect(chain.deploy(straightLine(n), c).status).toBe('ok');
      const r = chain.call(c, 'run');
      expect(r.status).toBe('ok');
      return r.gasUsed;
    };
    const small = gasOf(200);
    const large = gasOf(2_000);
    // Each `x = x + 1` statement is at least 4 gas (statement, assignment, binary, operands).
    expect(large - small).toBeGreaterThanOrEqual(1_800 * 4);

    const chain = new MiniChain(runtime);
    const c = addr(2, 'c');
    chain.deploy(straightLine(2_000), c);
    const limited = () => chain.call(c, 'run', [], { gasLimit: Math.floor(large / 2) });
    const a = limited();
    const b = limited();
    expect(a.status).toBe('failed');
    expect(a.error?.code).toBe('RT_ERR_OUT_OF_GAS');
    expect(b.gasUsed).toBe(a.gasUsed);
    expect(chain.state.get(c, 's/n')).toBe('"0"');
  });
});
