/**
 * Semantic tests (Solidity isoltest style): every `test/semantic/<name>.contract.ts` is compiled,
 * deployed into the in-memory isolated-vm host of `test/helpers/run-artifact.ts`, and driven by
 * the expectations written after `// ----` at the end of the file:
 *
 *   // deploy Counter("5") -> ok               deploy (args are JSON, canonical encoding)
 *   // inc("2") -> "7"                          call an entry or view of the last deployed contract
 *   // Ledger.balance($Client) -> "10"          ... of a named contract; $Name is its address
 *   // inc("0") -> RT_ERR_REQUIRE_FAILED @ 9:5 "by must be positive"   (or @ path:line:col)
 *   // trigger monthly("2027-01-31") -> null    run a trigger (`entry x()`, `view x()` force the request kind)
 *   // events -> [["Settled", {"id": "c1"}]]    events of the previous call, in order
 *   // state Counter s/count -> "7"             committed state text (`-> absent` if missing)
 *   // gasUsed -> 200000                        gas used by the previous call
 *   // caller 2 | gas 100000 | time 1798761600000
 *
 * In arguments, `$chars(N)` is a string of N characters and `$nest(N)` an array nested N deep;
 * `raw f(...)` sends the argument text to the isolate as written (no JSON round trip in the host).
 * `$aN` is test address N. `$certified(N)` is the `"commitment":…,"range":…` pair of a sealed
 * number N with a valid range certificate (fixed per process), `$commitment(N)` its commitment.
 * Each file runs twice; both runs must agree on every result and gasUsed.
 * A third run goes through the production runtime (`runtime/index.ts`) and must give the same
 * results, errors, locations, events and gasUsed as the reference host (except `raw` lines, whose
 * oversized or over-deep arguments the runtime refuses at its boundary before copying them in).
 * The reference host does not check range certificates: on a line whose arguments hold sealed
 * numbers, the runtime charges `SEALED_RANGE_GAS` more per sealed number when it succeeds, and may
 * refuse with RT_ERR_SEALED_RANGE (uncertified values) where the reference host fails too.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../compiler/pipeline.ts';
import type { ContractArtifact } from '../compiler/artifact.ts';
import { type CallResult, TestChain, testAddress } from './helpers/run-artifact.ts';
import { RuntimeTestChain } from './helpers/runtime-host.ts';
import { createRuntime } from '../runtime/index.ts';
import { findSealedNumbers, SEALED_RANGE_GAS } from '../runtime/sealed-arguments.ts';
import { commit, encodePoint, proveSealedRange } from '../runtime/zk/index.ts';

const DIR = join(import.meta.dirname, 'semantic');

interface Outcome {
  readonly line: number;
  readonly text: string;
  readonly result: CallResult | undefined;
  /** Sealed numbers in the arguments (certificates the runtime checks). */
  readonly sealedNumbers: number;
  readonly gasLimit: number;
}

/** Certified sealed numbers of `$certified(N)`: made once per process, so every run sends the same bytes. */
const certifiedNumbers = new Map<number, { commitment: string; range: string }>();
function certified(n: number): { commitment: string; range: string } {
  let c = certifiedNumbers.get(n);
  if (c === undefined) {
    const opening = { value: BigInt(n), blinding: 1_000_003n + BigInt(n) };
    const point = encodePoint(commit(opening.value, opening.blinding));
    c = { commitment: Buffer.from(point).toString('hex'), range: Buffer.from(proveSealedRange(point, opening)).toString('hex') };
    certifiedNumbers.set(n, c);
  }
  return c;
}

/** Compiles a semantic test file (and any `./x.contract.ts` it imports from test/semantic). */
export function compileSemantic(name: string): ContractArtifact[] {
  const text = readFileSync(join(DIR, name), 'utf8');
  const r = compile({
    inputs: [{ path: name, text }],
    readFile: (p) => {
      try {
        return readFileSync(join(DIR, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  if (r.diagnostics.length > 0) throw new Error(`${name} does not compile:\n${r.diagnostics.map((d) => `${d.code} ${d.message} @${d.span.start}`).join('\n')}`);
  return [...r.artifacts];
}

function expectations(text: string): { line: number; text: string }[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === '// ----');
  if (start < 0) return [];
  return lines.slice(start + 1).flatMap((l, i) => {
    const m = /^\/\/ ?(.*)$/.exec(l.trim());
    return m === null || (m[1] as string).trim() === '' ? [] : [{ line: start + i + 2, text: (m[1] as string).trim() }];
  });
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
}

/** Runs a file's expectations; returns mismatches (empty = pass) and every outcome. */
/** What the runner needs of a host: the reference `TestChain` or the runtime-backed one. */
type SemanticChain = Pick<TestChain, 'time'> & {
  deploy(artifact: ContractArtifact, args: readonly unknown[], options: { caller?: string; gasLimit?: number }): { address: string; result: CallResult };
  call(address: string, name: string, args: readonly unknown[], options: { caller?: string; gasLimit?: number }): CallResult;
  view(address: string, name: string, args: readonly unknown[], options: { caller?: string; gasLimit?: number }): CallResult;
  trigger(address: string, name: string, args: readonly unknown[], options: { caller?: string; gasLimit?: number }): CallResult;
  callText(address: string, kind: 'entry' | 'view' | 'trigger', name: string, argsText: string, options: { caller?: string; gasLimit?: number }): CallResult;
  stateOf(address: string): ReadonlyMap<string, string>;
  artifactOf(address: string): ContractArtifact;
  dispose(): void;
};

const verifyProof = (_c: string, _r: number, inputs: string): boolean => !inputs.includes('"0bad"');

export function runSemantic(name: string, makeChain: () => SemanticChain = () => new TestChain({ verify: verifyProof })): { failures: string[]; outcomes: Outcome[] } {
  const artifacts = compileSemantic(name);
  const byName = new Map(artifacts.map((a) => [a.contract, a]));
  const chain = makeChain();
  const addresses = new Map<string, string>();
  const failures: string[] = [];
  const outcomes: Outcome[] = [];
  let last: string | undefined;
  let lastResult: CallResult | undefined;
  let caller = testAddress(1);
  let gasLimit = 10_000_000;
  const fill = (s: string): string => s
    .replace(/\$certified\((\d+)\)/g, (_, n: string) => `"commitment":"${certified(Number(n)).commitment}","range":"${certified(Number(n)).range}"`)
    .replace(/\$commitment\((\d+)\)/g, (_, n: string) => JSON.stringify(certified(Number(n)).commitment))
    .replace(/\$chars\((\d+)\)/g, (_, n: string) => JSON.stringify('x'.repeat(Number(n))))
    .replace(/\$nest\((\d+)\)/g, (_, n: string) => `${'['.repeat(Number(n))}${']'.repeat(Number(n))}`)
    .replace(/\$a(\d+)/g, (_, n: string) => JSON.stringify(testAddress(Number(n))))
    .replace(/\$([A-Z][A-Za-z0-9_]*)/g, (m, n: string) => (addresses.has(n) ? JSON.stringify(addresses.get(n)) : m));
  try {
    for (const { line, text } of expectations(readFileSync(join(DIR, name), 'utf8'))) {
      const fail = (msg: string): void => {
        failures.push(`${name}:${line}: ${text}\n    ${msg}`);
      };
      let m: RegExpExecArray | null;
      if ((m = /^caller (\d+)$/.exec(text))) {
        caller = testAddress(Number(m[1]));
        continue;
      }
      if ((m = /^gas (\d+)$/.exec(text))) {
        gasLimit = Number(m[1]);
        continue;
      }
      if ((m = /^time (-?\d+)$/.exec(text))) {
        chain.time = BigInt(m[1] as string);
        continue;
      }
      if ((m = /^events -> (.*)$/.exec(text))) {
        const want = JSON.parse(fill(m[1] as string)) as [string, unknown][];
        const got = (lastResult?.events ?? []).map((e) => [e.name, e.data]);
        if (canonical(got) !== canonical(want)) fail(`events ${canonical(got)}`);
        continue;
      }
      if ((m = /^gasUsed -> (\d+)$/.exec(text))) {
        if (lastResult?.gasUsed !== Number(m[1])) fail(`gasUsed is ${lastResult?.gasUsed ?? '-'}`);
        continue;
      }
      if ((m = /^state (\w+) (\S+) -> (.*)$/.exec(text))) {
        const addr = addresses.get(m[1] as string);
        const got = addr === undefined ? undefined : chain.stateOf(addr).get(m[2] as string);
        const want = m[3] === 'absent' ? undefined : fill(m[3] as string);
        if (got !== want) fail(`state is ${got ?? 'absent'}`);
        continue;
      }
      m = /^(deploy |trigger |entry |view |raw )?(?:(\w+)\.)?(\w+)\((.*?)\)(?:\s*->\s*(.*))?$/.exec(text);
      if (m === null) {
        fail('cannot parse expectation');
        continue;
      }
      const [, verb, qualifier, method, argText, expectText] = m as unknown as [string, string | undefined, string | undefined, string, string, string | undefined];
      const args = verb === 'raw ' ? [] : JSON.parse(`[${fill(argText)}]`) as unknown[];
      let result: CallResult;
      let sealedNumbers = 0;
      const countSealed = (artifact: ContractArtifact, params: readonly { type: ContractArtifact['abi']['constructor']['params'][number]['type'] }[] | undefined): void => {
        const f = findSealedNumbers(artifact.abi.types, (params ?? []).slice(0, args.length).map((p, i) => ({ type: p.type, value: args[i], path: `args[${i}]` })));
        sealedNumbers = 'found' in f ? f.found.length : 0;
      };
      if (verb === 'deploy ') {
        const artifact = byName.get(method);
        if (artifact === undefined) {
          fail(`no contract ${method}`);
          continue;
        }
        countSealed(artifact, artifact.abi.constructor.params);
        const d = chain.deploy(artifact, args, { caller, gasLimit });
        result = d.result;
        if (result.ok) {
          addresses.set(method, d.address);
          last = method;
        }
      } else {
        const target = qualifier ?? last;
        const addr = target === undefined ? undefined : addresses.get(target);
        if (addr === undefined) {
          fail(`no deployed contract ${target ?? ''}`);
          continue;
        }
        const entry = chain.artifactOf(addr).abi.entries.find((e) => e.name === method);
        const kind = verb !== undefined && verb !== 'raw ' ? verb.trim() : entry?.kind ?? 'entry';
        if (kind !== 'view') countSealed(chain.artifactOf(addr), chain.artifactOf(addr).abi.entries.find((e) => e.name === method && e.kind === kind)?.params);
        if (verb === 'raw ') result = chain.callText(addr, kind as 'entry' | 'view' | 'trigger', method, `[${fill(argText)}]`, { caller, gasLimit });
        else result = kind === 'view' ? chain.view(addr, method, args, { caller, gasLimit }) : kind === 'trigger' ? chain.trigger(addr, method, args, { gasLimit }) : chain.call(addr, method, args, { caller, gasLimit });
      }
      lastResult = result;
      outcomes.push({ line, text, result, sealedNumbers, gasLimit });
      const want = (expectText ?? 'ok').trim();
      const shown = result.ok ? `ok ${canonical(result.value)}` : `${result.error?.code} @ ${result.location ?? '-'} ${JSON.stringify(result.error?.message)}${result.detail ? ` (${result.detail})` : ''}`;
      const em = /^(RT_ERR_[A-Z_]+)(?:\s*@\s*((?:[\w./-]+:)?\d+:\d+))?(?:\s+(".*"))?$/.exec(want);
      if (em !== null) {
        if (result.ok || result.error?.code !== em[1]) fail(`got ${shown}`);
        else if (em[2] !== undefined && result.location !== em[2] && !(result.location ?? '').endsWith(`:${em[2]}`)) fail(`got location ${result.location ?? '-'}`);
        else if (em[3] !== undefined && result.error?.message !== JSON.parse(em[3])) fail(`got message ${JSON.stringify(result.error?.message)}`);
      } else if (want === 'ok') {
        if (!result.ok) fail(`got ${shown}`);
      } else if (!result.ok || canonical(result.value) !== canonical(JSON.parse(fill(want)))) {
        fail(`got ${shown}`);
      }
    }
  } finally {
    chain.dispose();
  }
  return { failures, outcomes };
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.contract.ts') && !f.includes('.lib.')).sort();

describe('semantic tests', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(5);
  });
  for (const file of files) {
    it(file, () => {
      const first = runSemantic(file);
      expect(first.failures.join('\n')).toBe('');
      expect(first.outcomes.length).toBeGreaterThan(0);
      // GAS-08 / DET-04: a second run on a fresh chain gives identical results and gas.
      const second = runSemantic(file);
      expect(second.outcomes.map((o) => [o.line, o.result?.gasUsed, canonical(o.result)])).toEqual(first.outcomes.map((o) => [o.line, o.result?.gasUsed, canonical(o.result)]));
      // The production runtime agrees with the reference host on everything a receipt holds.
      const runtime = createRuntime({ maxGasLimit: 100_000_000 });
      try {
        const viaRuntime = runSemantic(file, () => new RuntimeTestChain(runtime, verifyProof));
        const receipt = (o: Outcome): unknown[] => [o.line, o.result?.ok, canonical(o.result?.value), o.result?.error, o.result?.location, o.result?.gasUsed, canonical(o.result?.events)];
        const comparable = (o: Outcome): boolean => !/^raw /.test(o.text);
        const reference = first.outcomes.filter(comparable);
        // Range certificates (checked only by the runtime): their gas, and refusals of uncertified values where the reference fails too.
        const adjusted = viaRuntime.outcomes.filter(comparable).map((o, i): Outcome => {
          const ref = reference[i];
          if (o.sealedNumbers === 0 || o.result === undefined || ref === undefined) return o;
          if (!o.result.ok && o.result.error?.code === 'RT_ERR_SEALED_RANGE' && ref.result?.ok === false) return ref;
          // The code runs with the rest of the limit: its request text states a shorter gasLimit (REQUEST_CHAR).
          const charge = o.sealedNumbers * SEALED_RANGE_GAS;
          const shorter = String(o.gasLimit).length - String(o.gasLimit - charge).length;
          return o.result.ok ? { ...o, result: { ...o.result, gasUsed: o.result.gasUsed - charge + shorter } } : o;
        });
        expect(adjusted.map(receipt)).toEqual(reference.map(receipt));
      } finally {
        runtime.dispose();
      }
    });
  }
});
