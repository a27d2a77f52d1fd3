/**
 * The ACTUS conformance harness, shared by `npm run conformance` (scripts/conformance.ts) and the
 * test (test/conformance/actus.test.ts): reads the official test beds from
 * `../shared/conformance/actus/` at run time (never copied into the repository), compiles a small
 * runner contract that imports the standard library's ACTUS modules, deploys it once in a real
 * sandboxed runtime, passes each case's terms and observed market data as view arguments, and
 * compares the returned event schedule with the expected one.
 *
 * A case passes when every expected event is matched by a computed event of the same date and
 * type, with payoff, notional principal, nominal rate and accrued interest each within 1e-6
 * absolute, and the computed schedule (up to the case's analysis horizon `to`) has no other events.
 * Does NOT judge the test beds, and compares numbers as the host's doubles (the contract computes
 * in exact decimals).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, formatDiagnostic, type ContractArtifact } from '../../compiler/index.ts';
import { createRuntime, type Runtime, type StateView } from '../../runtime/index.ts';
import { sharedPath } from '../helpers/shared-dir.ts';

/** Where the test beds live: beside the repository (or $COVENANT_SHARED_DIR), never inside it. */
export const ACTUS_DIR = sharedPath(join('conformance', 'actus'));
/** The four loan types, in report order, with the file of each. */
export const ACTUS_TYPES = ['PAM', 'ANN', 'LAM', 'NAM'] as const;
export type ActusType = (typeof ACTUS_TYPES)[number];
/** Contract types the standard library implements so far (the test asserts these). */
export const IMPLEMENTED_TYPES: readonly ActusType[] = ['PAM', 'ANN', 'LAM', 'NAM'];
/**
 * Cases of implemented types that are known to fail, with the reason (reported, not asserted).
 */
export const KNOWN_FAILURES: Readonly<Record<string, string>> = {
};

/** Absolute tolerance of every compared number. */
export const TOLERANCE = 1e-6;

/** One test-bed case. */
export interface ActusCase {
  readonly id: string;
  readonly type: ActusType;
  readonly terms: Record<string, unknown>;
  readonly dataObserved: Record<string, { data: { timestamp: string; value: unknown }[] }>;
  readonly to?: string;
  readonly results: readonly ExpectedEvent[];
}

/** One expected event, as the test beds write it. */
export interface ExpectedEvent {
  readonly eventDate: string;
  readonly eventType: string;
  readonly payoff: number;
  readonly notionalPrincipal: number;
  readonly nominalInterestRate: number;
  readonly accruedInterest: number;
}

/** One computed event, as the runner returns it (decimals as canonical text). */
export interface ComputedEvent {
  readonly date: string;
  readonly type: string;
  readonly payoff: string;
  readonly notional: string;
  readonly rate: string;
  readonly accrued: string;
}

/** The outcome of one case. */
export interface CaseResult {
  readonly id: string;
  readonly type: ActusType;
  readonly passed: boolean;
  /** Expected events matched within tolerance. */
  readonly matched: number;
  readonly expected: number;
  /** Why it failed (first few differences), empty when it passed. */
  readonly problems: readonly string[];
}

/** True if the test beds are present beside the repository. */
export function testBedsAvailable(): boolean {
  return existsSync(join(ACTUS_DIR, 'actus-tests-pam.json'));
}

/** The cases of one contract type, in file order. */
export function loadCases(type: ActusType): ActusCase[] {
  const file = join(ACTUS_DIR, `actus-tests-${type.toLowerCase()}.json`);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Omit<ActusCase, 'type' | 'id'> & { identifier: string; to?: string }>;
  return Object.entries(raw).map(([id, c]) => ({
    id, type, terms: c.terms, dataObserved: c.dataObserved ?? {}, results: c.results,
    ...(typeof c.to === 'string' && c.to !== '' ? { to: c.to } : {}),
  }));
}

const DATE_TERMS = new Set([
  'statusDate', 'initialExchangeDate', 'maturityDate', 'amortizationDate', 'cycleAnchorDateOfInterestPayment', 'capitalizationEndDate',
  'cycleAnchorDateOfRateReset', 'purchaseDate', 'terminationDate', 'cycleAnchorDateOfPrincipalRedemption', 'cycleAnchorDateOfInterestCalculationBase',
  'cycleAnchorDateOfScalingIndex',
]);
const DECIMAL_TERMS = new Set([
  'notionalPrincipal', 'nominalInterestRate', 'accruedInterest', 'premiumDiscountAtIED', 'rateSpread', 'rateMultiplier', 'nextResetRate',
  'lifeCap', 'lifeFloor', 'periodCap', 'periodFloor', 'priceAtPurchaseDate', 'priceAtTerminationDate', 'nextPrincipalRedemptionPayment',
  'interestCalculationBaseAmount', 'scalingIndexAtContractDealDate', 'notionalScalingMultiplier', 'interestScalingMultiplier',
]);
const STRING_TERMS = new Set([
  'contractType', 'contractRole', 'dayCountConvention', 'businessDayConvention', 'endOfMonthConvention', 'calendar', 'cycleOfInterestPayment',
  'cycleOfRateReset', 'marketObjectCodeOfRateReset', 'cycleOfPrincipalRedemption', 'interestCalculationBase', 'cycleOfInterestCalculationBase',
  'scalingEffect', 'marketObjectCodeOfScalingIndex', 'cycleOfScalingIndex',
]);

/** Canonical ABI text of a decimal written loosely in a test bed (" 0.10" → "0.1", "   0" → "0", 0.05 → "0.05"). */
export function canonicalDecimal(value: unknown): string {
  const text = String(value).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (m === null) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  const int = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac === '' ? int : `${int}.${frac}`;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

/** The runner's `ActusTerms` argument for a case (only the terms the library knows). */
export function termsArgument(terms: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string> = {};
  const endOfDay: string[] = [];
  for (const [k, v] of Object.entries(terms)) {
    if (DATE_TERMS.has(k) && String(v).slice(11, 19) === '23:59:59') endOfDay.push(k);
    if (v === undefined || v === null || String(v).trim() === '') continue;
    if (DATE_TERMS.has(k)) out[k] = String(v).slice(0, 10);
    else if (DECIMAL_TERMS.has(k)) out[k] = canonicalDecimal(v);
    else if (STRING_TERMS.has(k)) out[k] = String(v).trim();
  }
  return endOfDay.length > 0 ? { ...out, endOfDayTerms: endOfDay } : out;
}

/** The runner's `ActusObservation[]` argument for a case. */
export function observationsArgument(data: ActusCase['dataObserved']): { code: string; date: string; value: string }[] {
  const out: { code: string; date: string; value: string }[] = [];
  for (const [code, series] of Object.entries(data)) {
    for (const p of series.data) out.push({ code, date: p.timestamp.slice(0, 10), value: canonicalDecimal(p.value) });
  }
  return out;
}

const RUNNER = `
import { type ActusEvent, type ActusObservation, type ActusTerms } from '@covenant/std/actus/common';
import { annEvents } from '@covenant/std/actus/ann';
import { lamEvents } from '@covenant/std/actus/lam';
import { namEvents } from '@covenant/std/actus/nam';
import { pamEvents } from '@covenant/std/actus/pam';

/** Runs ACTUS contracts of the standard library for the conformance harness. */
@contract
export class ActusRunner {
  @view
  pam(terms: ActusTerms, observed: ActusObservation[]): ActusEvent[] {
    return pamEvents(terms, observed);
  }

  @view
  ann(terms: ActusTerms, observed: ActusObservation[]): ActusEvent[] {
    return annEvents(terms, observed);
  }

  @view
  lam(terms: ActusTerms, observed: ActusObservation[]): ActusEvent[] {
    return lamEvents(terms, observed);
  }

  @view
  nam(terms: ActusTerms, observed: ActusObservation[]): ActusEvent[] {
    return namEvents(terms, observed);
  }
}
`;

const RUNNER_ADDRESS = 'c'.padEnd(40, '0');
const CALLER = 'a'.padEnd(40, '1');
/** Gas of one case's view: the largest schedules (20 years monthly) need a few hundred million. */
const GAS_LIMIT = 1_500_000_000;

const EMPTY_STATE: StateView = { get: () => undefined, keys: () => [] };

/** A compiled, deployed runner in its own runtime. Dispose it when done. */
export class ActusHarness {
  readonly #runtime: Runtime;
  readonly #artifact: ContractArtifact;
  readonly #state = new Map<string, string>();

  constructor() {
    const r = compile({ inputs: [{ path: 'actus-runner.contract.ts', text: RUNNER }] });
    const byId = new Map(r.files.map((f) => [f.id, f]));
    if (r.diagnostics.length > 0 || r.artifacts.length !== 1) {
      throw new Error(`ACTUS runner does not compile:\n${r.diagnostics.map((d) => formatDiagnostic(d, (id) => byId.get(id))).join('\n')}`);
    }
    this.#artifact = r.artifacts[0] as ContractArtifact;
    this.#runtime = createRuntime({ maxGasLimit: GAS_LIMIT });
    const deployed = this.#runtime.execute({ ...this.#params('init', '', []), artifact: this.#artifact });
    if (deployed.status !== 'ok') throw new Error(`ACTUS runner does not deploy: ${deployed.error?.code} ${deployed.error?.message}`);
    for (const e of deployed.stateDiff) if (e.value !== undefined) this.#state.set(e.key, e.value);
  }

  #params(kind: 'init' | 'view', name: string, args: readonly unknown[]) {
    const state: StateView = {
      get: (address, key) => (address === RUNNER_ADDRESS ? this.#state.get(key) : EMPTY_STATE.get(address, key)),
      keys: (address, prefix) => (address === RUNNER_ADDRESS ? [...this.#state.keys()].filter((k) => k.startsWith(prefix)) : []),
    };
    return {
      address: RUNNER_ADDRESS, kind, name, args, caller: CALLER, origin: CALLER, block: { height: 1n, time: 1_798_761_600_000n },
      gasLimit: GAS_LIMIT, state, resolve: (a: string) => (a === RUNNER_ADDRESS ? this.#artifact : undefined),
    };
  }

  /** The runner's event schedule for a case, or the contract failure. */
  events(c: ActusCase): { events?: ComputedEvent[]; error?: string; gasUsed: number } {
    const name = c.type.toLowerCase();
    const r = this.#runtime.execute(this.#params('view', name, [termsArgument(c.terms), observationsArgument(c.dataObserved)]));
    if (r.status !== 'ok') return { error: `${r.error?.code} ${r.error?.message}${r.error?.location ? ` at ${r.error.location}` : ''}`, gasUsed: r.gasUsed };
    return { events: r.value as ComputedEvent[], gasUsed: r.gasUsed };
  }

  /** Runs one case and compares it with its expected schedule. */
  run(c: ActusCase): CaseResult {
    const { events, error } = this.events(c);
    if (events === undefined) {
      return { id: c.id, type: c.type, passed: false, matched: 0, expected: c.results.length, problems: [error ?? 'no result'] };
    }
    return compareCase(c, events);
  }

  dispose(): void {
    this.#runtime.dispose();
  }
}

/** Compares a computed schedule with a case's expected one (see the module comment). */
export function compareCase(c: ActusCase, computed: readonly ComputedEvent[]): CaseResult {
  const horizon = c.to?.slice(0, 10);
  const mine = computed.filter((e) => horizon === undefined || e.date <= horizon);
  const used = new Array<boolean>(mine.length).fill(false);
  const problems: string[] = [];
  let matched = 0;
  for (const x of c.results) {
    const d = x.eventDate.slice(0, 10);
    const i = mine.findIndex((e, k) => !used[k] && e.date === d && e.type === x.eventType);
    if (i < 0) {
      problems.push(`missing ${d} ${x.eventType}`);
      continue;
    }
    used[i] = true;
    const e = mine[i] as ComputedEvent;
    const diffs: string[] = [];
    const check = (field: string, want: number, got: string): void => {
      if (!(Math.abs(Number(got) - want) <= TOLERANCE)) diffs.push(`${field} ${got} (expected ${want})`);
    };
    check('payoff', Number(x.payoff), e.payoff);
    check('notional', Number(x.notionalPrincipal), e.notional);
    check('rate', Number(x.nominalInterestRate), e.rate);
    check('accrued', Number(x.accruedInterest), e.accrued);
    if (diffs.length === 0) matched++;
    else problems.push(`${d} ${x.eventType}: ${diffs.join(', ')}`);
  }
  mine.forEach((e, k) => {
    if (!used[k]) problems.push(`unexpected ${e.date} ${e.type}`);
  });
  return { id: c.id, type: c.type, passed: problems.length === 0, matched, expected: c.results.length, problems };
}

/** Totals over a set of results. */
export function summarise(results: readonly CaseResult[]): { passed: number; cases: number; matched: number; events: number } {
  return {
    passed: results.filter((r) => r.passed).length,
    cases: results.length,
    matched: results.reduce((a, r) => a + r.matched, 0),
    events: results.reduce((a, r) => a + r.expected, 0),
  };
}
