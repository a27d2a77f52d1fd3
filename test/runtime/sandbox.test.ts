/**
 * The sandbox as a second line of defence: hand-written JavaScript that bypasses the compiler
 * (DET-02, SBX-04/05), memory and time bombs stopped by the node-local backstops (SBX-03, SBX-07)
 * without taking the process down, and no code path for cached data or snapshots (SBX-06).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RuntimeError, createRuntime } from '../../runtime/index.ts';
import { MiniChain, addr, compileContracts, handWritten } from '../helpers/runtime-host.ts';

const { Counter } = compileContracts(`
@contract
export class Counter {
  n: Int = 0;
  @entry
  inc(by: Int): Int { this.n += by; return this.n; }
}`);
const COUNTER = Counter!;

/** A hand-written contract whose one entry returns the string `body` computes. */
function probe(body: string): string {
  return `'use strict';
function __covenant_invoke(request) {
  let value;
  try { value = String((function () { ${body} })()); }
  catch (e) { value = 'threw ' + (e && e.name); }
  return JSON.stringify({ events: [], gasUsed: 0, ok: true, value, writes: [] });
}`;
}

const runtime = createRuntime({ maxGasLimit: 1_000_000, maxContexts: 4, backstopMs: 300 });
afterAll(() => runtime.dispose());
const chain = new MiniChain(runtime);
const C = addr(1, 'c');
chain.deploy(COUNTER, C, [], { gasLimit: 1_000_000 });

function run(code: string, args: readonly unknown[] = []): unknown {
  const r = runtime.execute(chain.params(addr(9, 'c'), 'entry', 'x', args, { artifact: handWritten(COUNTER, code), gasLimit: 1_000_000 }));
  expect(r.status).toBe('ok');
  return r.value;
}

function outcome(expr: string): unknown {
  return run(probe(`return (function () { ${expr}; return 'ran'; })();`));
}

describe('DET-02 hand-written JS bypassing the compiler meets throwing or absent intrinsics', () => {
  const cases: [string, string][] = [
    ['Math.random()', 'threw TypeError'],
    ['Date.now()', 'threw TypeError'],
    ['new Date()', 'threw TypeError'],
    ['new WeakRef({})', 'threw TypeError'],
    ['new FinalizationRegistry(() => {})', 'threw TypeError'],
    ['new SharedArrayBuffer(8)', 'threw TypeError'],
    ['Atomics.add', 'threw ReferenceError'],
    ['Intl.DateTimeFormat', 'threw ReferenceError'],
    ['WebAssembly.Module', 'threw ReferenceError'],
    ['setTimeout(() => {}, 0)', 'threw ReferenceError'],
    ['eval("1")', 'threw TypeError'],
    ['Function("return 1")', 'threw TypeError'],
    ['[].constructor.constructor("return 1")', 'threw TypeError'],
    ['(() => {}).constructor("return 1")', 'threw TypeError'],
    ['(async function () {}).constructor("return 1")', 'threw TypeError'],
    ['(function* () {}).constructor("return 1")', 'threw TypeError'],
    ['(async function* () {}).constructor("return 1")', 'threw TypeError'],
    ['"a".localeCompare("b")', 'threw TypeError'],
    ['(1).toLocaleString()', 'threw TypeError'],
    ['Error.captureStackTrace({})', 'threw TypeError'],
  ];
  for (const [expr, want] of cases) {
    it(`${expr} → ${want}`, () => {
      expect(outcome(expr)).toBe(want);
    });
  }
  it('Math.random cannot be put back and stack traces carry no engine detail', () => {
    expect(outcome('Math.random = () => 0.5')).toBe('threw TypeError');
    expect(run(probe('return new Error("x").stack'))).toBe('Error: x');
    expect(run(probe('return Math.max(1, 2)'))).toBe('2');
  });
});

describe('SBX-04/05 contract code reaches no host object; only strings cross', () => {
  it('ivm, require, process and the host realm are out of reach', () => {
    expect(run(probe('return [typeof ivm, typeof require, typeof process, typeof module, typeof globalThis.__proto__.constructor].join()'))).toBe('undefined,undefined,undefined,undefined,function');
    expect(outcome('globalThis.constructor.constructor("return process")()')).toBe('threw TypeError');
    expect(outcome('__host_load.constructor("return process")()')).toBe('threw TypeError');
    const names = run(probe('return Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith("__")).sort().join()'));
    expect(names).toBe('__covenant_invoke,__host_call,__host_keys,__host_load,__host_rollback,__host_verify');
  });
  it('host functions take and return primitives only', () => {
    expect(run(probe('return typeof __host_keys("m/x/") + " " + __host_keys("m/x/") + " " + typeof __host_load("s/n")'))).toBe('string [] undefined');
    expect(outcome('__host_load({ toString() { return "s/n"; } })')).toMatch(/^threw /);
    expect(outcome('__host_call("00", "m", "[]", { valueOf() { return 1; } })')).toMatch(/^threw /);
    expect(outcome('__host_rollback(-1)')).toBe('threw HostProtocolError');
  });
  it('arguments that are not plain JSON data are refused before reaching the isolate', () => {
    const bad: unknown[] = [
      () => 1,
      new Date(0),
      new SharedArrayBuffer(8),
      new Map(),
      new Proxy({}, { get: () => 'x' }),
      Object.defineProperty({}, 'a', { get: () => 'x', enumerable: true }),
      10n,
      Symbol('s'),
      Number.NaN,
    ];
    for (const v of bad) {
      let err: unknown;
      try {
        run(probe('return 1'), [v]);
      } catch (e) {
        err = e;
      }
      expect(err, String(typeof v)).toBeInstanceOf(RuntimeError);
      expect((err as RuntimeError).code).toBe('RT_ERR_INVALID_PARAMETERS');
    }
  });
});

describe('SBX-03 / SBX-07 node-local backstops', () => {
  it('SBX-03 a memory bomb in hand-written JS trips the isolate limit; the process stays up and the next execution runs', () => {
    const before = runtime.isolateResets;
    for (const bomb of ['const a = []; for (;;) a.push("x".repeat(64) + a.length);', 'return [...".".repeat(1e8)].length;']) {
      let err: unknown;
      try {
        run(probe(bomb));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RuntimeError);
      expect((err as RuntimeError).code).toBe('RT_ERR_ISOLATE_LIMIT');
    }
    expect(runtime.isolateResets).toBe(before + 2);
    expect(chain.call(C, 'inc', ['1'], { gasLimit: 1_000_000 })).toMatchObject({ status: 'ok' });
  });
  it('SBX-07 an unmetered infinite loop trips the backstop timeout (RT_ERR_ISOLATE_LIMIT), nothing is committed', () => {
    const n = chain.state.get(C, 's/n');
    let err: unknown;
    try {
      run(probe('for (;;) {}'));
    } catch (e) {
      err = e;
    }
    expect((err as RuntimeError).code).toBe('RT_ERR_ISOLATE_LIMIT');
    expect(chain.state.get(C, 's/n')).toBe(n);
    expect(chain.call(C, 'inc', ['1'], { gasLimit: 1_000_000 })).toMatchObject({ status: 'ok' });
  });
});

describe('SBX-06 no cached data or snapshots', () => {
  it('the runtime never passes cachedData or snapshots to isolated-vm', () => {
    const dir = join(import.meta.dirname, '..', '..', 'runtime');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/cachedData\s*:|produceCachedData|createSnapshot|snapshot\s*:/);
    }
  });
  it('contexts are reused per code hash and capped', () => {
    const r1 = chain.call(C, 'inc', ['1'], { gasLimit: 1_000_000 });
    const r2 = chain.call(C, 'inc', ['1'], { gasLimit: 1_000_000 });
    expect(r1.gasUsed).toBe(r2.gasUsed);
    for (let i = 0; i < 6; i++) run(probe(`return ${i}`));
    expect(chain.call(C, 'inc', ['1'], { gasLimit: 1_000_000 })).toMatchObject({ status: 'ok', gasUsed: r1.gasUsed });
  });
});
