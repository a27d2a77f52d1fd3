import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../runtime/index.ts';
import { MiniChain, addr, compileContracts } from '../helpers/runtime-host.ts';

const runtime = createRuntime({ maxGasLimit: 20_000_000 });
afterAll(() => runtime.dispose());

const { Counter } = compileContracts(`
@contract
export class Counter {
  n: Int = 0;
  @entry
  inc(by: Int): Int { this.n += by; return this.n; }
  @view
  get(): Int { return this.n; }
}`);

describe('execute()', () => {
  it('deploys, calls and views a counter', () => {
    const chain = new MiniChain(runtime);
    const c = addr(1, 'c');
    const d = chain.deploy(Counter!, c);
    expect(d.status).toBe('ok');
    expect(chain.call(c, 'inc', ['5']).value).toBe('5');
    expect(chain.call(c, 'inc', ['2']).value).toBe('7');
    const v = chain.view(c, 'get');
    expect(v).toMatchObject({ status: 'ok', value: '7', stateDiff: [] });
  });
});
