/**
 * The Covenant side of the peer comparison: compiles bench/peer/*.contract.ts and runs the
 * workloads through `createRuntime().execute` on the in-memory `MiniChain` of bench/runtime.ts
 * (each successful call's state diff applied to the in-memory state; no signature check, no state
 * root, no persistence: those belong to the node, measured end to end by bench/node.ts).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompileResult, type ContractArtifact, compile } from '../../compiler/index.ts';
import { type ExecuteResult, type Runtime, createRuntime } from '../../runtime/index.ts';
import { MiniChain, addr } from '../../test/helpers/runtime-host.ts';
import {
  ABS_BALANCES, ABS_COUPONS_PPM, ABS_FEE_PPM, ABS_OC_TRIGGER, ABS_POOL, ABS_RESERVE_TARGET, type AbsInput, type AbsOutcome,
  CLAIM_LINES_BP, CLAIM_PER_RISK_LIMIT, CLAIM_REINSURER_FUNDS, type ClaimInput, type ClaimOutcome, fromCents, toCents,
} from './workloads.ts';

export const COVENANT_SOURCES = { claim: 'bench/peer/claim-settlement.contract.ts', abs: 'bench/peer/abs-distribution.contract.ts' } as const;

const usd = (c: bigint): { amount: string; currency: string } => ({ amount: fromCents(c), currency: 'USD' });
const eur = (c: bigint): { amount: string; currency: string } => ({ amount: fromCents(c), currency: 'EUR' });
/** The canonical decimal string (no trailing zeros) of an integer in units of 10^-digits. */
const dec = (units: bigint, digits: number): string => {
  const s = units.toString().padStart(digits + 1, '0');
  const frac = s.slice(-digits).replace(/0+$/, '');
  return frac === '' ? s.slice(0, -digits) : `${s.slice(0, -digits)}.${frac}`;
};

/** Compiles one workload's source (standard-library imports included) into its artifact. */
export function compileCovenant(root: string, path: string): CompileResult {
  const readFile = (p: string): string | undefined => {
    try {
      return readFileSync(join(root, p), 'utf8');
    } catch {
      return undefined;
    }
  };
  return compile({ inputs: [{ path, text: readFileSync(join(root, path), 'utf8') }], readFile });
}

function artifactOf(root: string, path: string): ContractArtifact {
  const r = compileCovenant(root, path);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || r.artifacts[0] === undefined) throw new Error(`${path} does not compile: ${errors[0]?.code} ${errors[0]?.message}`);
  return r.artifacts[0];
}

const money = (v: unknown): bigint => toCents((v as { amount: string }).amount);

function ok(r: ExecuteResult, what: string): ExecuteResult {
  if (r.status !== 'ok') throw new Error(`covenant ${what}: ${JSON.stringify(r.error)}`);
  return r;
}

/** A deployed workload: `call(i)` runs call i and returns its outcome. */
export interface CovenantWorkload<I, O> {
  /** Runs one call and returns its outcome (read from the events). */
  readonly run: (input: I) => O;
  /** Runs one call, checking only that it succeeded (the timed form). */
  readonly exec: (input: I) => void;
  readonly runtime: Runtime;
  readonly gasUsed: () => number;
  readonly dispose: () => void;
}

const GAS = 5_000_000;

/** Deploys the claim-settlement contract with the panel funded. */
export function covenantClaims(root: string): CovenantWorkload<ClaimInput, ClaimOutcome> {
  const runtime = createRuntime();
  const chain = new MiniChain(runtime);
  const C = addr(1, 'c');
  const cedent = addr(1);
  const panel = CLAIM_LINES_BP.map((_, i) => addr(i + 2));
  ok(chain.deploy(artifactOf(root, COVENANT_SOURCES.claim), C, [cedent, panel, CLAIM_LINES_BP.map((l) => dec(l, 4)), usd(CLAIM_PER_RISK_LIMIT)], { caller: cedent }), 'deploy');
  for (const r of panel) ok(chain.call(C, 'deposit', [r, usd(CLAIM_REINSURER_FUNDS)], { caller: cedent }), 'deposit');
  let gas = 0;
  return {
    runtime,
    gasUsed: () => gas,
    dispose: () => runtime.dispose(),
    exec: ({ claimId, grossLoss }) => {
      ok(chain.call(C, 'settleClaim', [claimId, usd(grossLoss)], { caller: cedent, gasLimit: GAS }), 'settleClaim');
    },
    run: ({ claimId, grossLoss }) => {
      const r = ok(chain.call(C, 'settleClaim', [claimId, usd(grossLoss)], { caller: cedent, gasLimit: GAS }), 'settleClaim');
      gas = r.gasUsed;
      const parts = r.events.filter((e) => e.name === 'RecoveryPaid').map((e) => money((e.data as { amount: unknown }).amount));
      const settled = r.events.find((e) => e.name === 'ClaimSettled')?.data as { ceded: unknown; retained: unknown };
      return [...parts, money(settled.ceded), money(settled.retained)];
    },
  };
}

/** Deploys the ABS distribution contract. */
export function covenantAbs(root: string): CovenantWorkload<AbsInput, AbsOutcome> {
  const runtime = createRuntime();
  const chain = new MiniChain(runtime);
  const W = addr(2, 'c');
  const servicer = addr(9);
  ok(chain.deploy(artifactOf(root, COVENANT_SOURCES.abs), W, [servicer, ABS_BALANCES.map(eur), ABS_COUPONS_PPM.map((c) => dec(c, 6)), eur(ABS_POOL),
    dec(ABS_FEE_PPM, 6), eur(ABS_RESERVE_TARGET), dec(ABS_OC_TRIGGER, 4)], { caller: servicer }), 'deploy');
  let gas = 0;
  return {
    runtime,
    gasUsed: () => gas,
    dispose: () => runtime.dispose(),
    exec: ({ interest, principal, defaults }) => {
      ok(chain.call(W, 'distribute', [eur(interest), eur(principal), eur(defaults)], { caller: servicer, gasLimit: GAS }), 'distribute');
    },
    run: ({ interest, principal, defaults }) => {
      const r = ok(chain.call(W, 'distribute', [eur(interest), eur(principal), eur(defaults)], { caller: servicer, gasLimit: GAS }), 'distribute');
      gas = r.gasUsed;
      const out: bigint[] = [];
      for (const e of r.events.filter((x) => x.name === 'ClassPaid')) {
        const d = e.data as { interest: unknown; principal: unknown; balance: unknown };
        out.push(money(d.interest), money(d.principal), money(d.balance));
      }
      const d = r.events.find((e) => e.name === 'Distributed')?.data as { fees: unknown; reserve: unknown; residual: unknown; sequential: boolean };
      out.push(money(d.fees), money(d.reserve), money(d.residual), d.sequential ? 1n : 0n);
      return out;
    },
  };
}
