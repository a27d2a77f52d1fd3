/**
 * What the demo's parts share: the client, the deployed contracts (handles with their ABI, so
 * events and arguments are decoded by type), who is who, the deal terms, and the output sink.
 *
 * It does NOT hold any figure the report prints: those are read from the chain.
 * @module
 */
import type { ContractHandle, CovenantClient } from '../../node/client/index.ts';
import type { LoanTape, ServicerMonth } from './pool.ts';

/** The contracts of the scenario. */
export interface Deployed {
  readonly qs: ContractHandle;
  readonly xol: readonly ContractHandle[];
  /** The custodian's settlement cash accounts. */
  readonly cash: ContractHandle;
  /** The treaty's settlement agent (pays cash calls and statement balances). */
  readonly agent: ContractHandle;
  /** One settlement agent per XoL layer, in the order of `xol` (pays recoveries and reinstatement premiums). */
  readonly layerAgents: readonly ContractHandle[];
  readonly pool: ContractHandle;
  readonly abs: ContractHandle;
}

/** An XoL layer's terms, as deployed (the checks recompute its recoveries from them). */
export interface LayerTerms {
  readonly label: string;
  readonly reinsurer: string;
  readonly retention: bigint;
  readonly limit: bigint;
  readonly aad: bigint;
  readonly aggregateLimit: bigint;
  readonly reinstatements: bigint;
  /** Reinstatement premium rate in percent (100 = 100 % of the deposit premium). */
  readonly ratePercent: bigint;
  readonly depositPremium: bigint;
}

/** The ABS deal's terms, as deployed. */
export interface DealTerms {
  readonly name: string;
  /** Name of the equity (residual) holder. */
  readonly equity: string;
  readonly closing: string;
  readonly paymentDates: readonly string[];
  readonly pool: bigint;
  readonly classes: readonly { readonly id: 'A' | 'B' | 'C'; readonly balance: bigint; readonly coupon: string }[];
  readonly reserveTarget: bigint;
  readonly ocTrigger: string;
  readonly icTrigger: string;
}

/** The quota share's terms, as deployed. */
export interface TreatyTerms {
  /** Σ lines, percent. */
  readonly cessionPercent: bigint;
  readonly commissionPercent: bigint;
  readonly perRiskLimit: bigint;
  readonly aggregateLimit: bigint;
  readonly cashLossLimit: bigint;
  readonly lines: readonly { readonly reinsurer: string; readonly percent: bigint }[];
}

export interface DemoContext {
  readonly client: CovenantClient;
  readonly log: (line: string) => void;
  /** Party name by address and by public key. */
  readonly names: Map<string, string>;
  /** Contract label by address. */
  readonly labels: Map<string, string>;
  readonly cedent: string;
  readonly treaty: TreatyTerms;
  readonly layers: readonly LayerTerms[];
  readonly deal: DealTerms;
  /** The loans boarded into the pool. */
  readonly tape: readonly LoanTape[];
  /** The servicer's months (what happens to which loan). */
  readonly months: readonly ServicerMonth[];
  /** Opening cash deposited for each party (address, USD minor units). */
  readonly openingCash: readonly (readonly [string, bigint])[];
  /** Set once the contracts are deployed. */
  contracts: Deployed | undefined;
  /** The over-collateralisation ratio read from state before the coming payment date. */
  lastOcRatio: number | undefined;
  /** Problems found while the scenario ran (failed receipts, broken per-period checks). */
  readonly failures: string[];
}

/** The party name of an address or public key (short hex if unknown). */
export function who(ctx: DemoContext, key: string): string {
  return ctx.names.get(key) ?? ctx.labels.get(key) ?? `${key.slice(0, 8)}…`;
}
