/**
 * Bench-only workload (bench/peer, docs/performance.md): quota-share claim settlement, the same
 * business logic as bench/peer/ClaimSettlement.sol. The cedent books a paid claim; the ceded
 * share is min(gross loss, per-risk limit) × cession, rounded half-even to the cent, split over
 * the panel by line (largest remainder, ties to the lowest index); each reinsurer's share moves
 * from its settlement cash account to the cedent's, one event per payment and one for the claim.
 *
 * A reduced form of contracts/reinsurance/quota-share.contract.ts (no sealed policy data, proofs
 * or quarterly accounts, which the EVM peer has no counterpart for) combined with the cash move of
 * contracts/settlement/cash-accounts.contract.ts.
 * @module
 */
import { allocate } from '@covenant/std/money';

/** One reinsurer's share of a claim, paid from its cash account to the cedent's. */
export interface RecoveryPaid extends Event {
  claimId: string;
  reinsurer: Address;
  amount: Money<'USD'>;
}

/** A settled claim: the ceded share and what the cedent keeps. */
export interface ClaimSettled extends Event {
  claimId: string;
  grossLoss: Money<'USD'>;
  ceded: Money<'USD'>;
  retained: Money<'USD'>;
}

@contract
export class ClaimSettlement {
  readonly cedent: Address;
  /** The panel, and each reinsurer's line in the same order. */
  readonly reinsurers: Address[];
  readonly lines: Decimal[];
  /** Σ lines. */
  readonly cession: Decimal;
  readonly perRiskLimit: Money<'USD'>;
  /** Settlement cash per party. */
  cash: Map<Address, Money<'USD'>> = new Map();
  /** Ceded amount per settled claim id. */
  claims: Map<string, Money<'USD'>> = new Map();
  recovered: Money<'USD'> = zero('USD');

  constructor(cedent: Address, reinsurers: Address[], lines: Decimal[], perRiskLimit: Money<'USD'>) {
    require(reinsurers.length > 0 && reinsurers.length == lines.length, 'one line per reinsurer');
    let cession: Decimal = 0;
    for (const l of lines) {
      require(l > 0, 'every line must be positive');
      cession += l;
    }
    require(cession <= 1, 'the lines add up to more than 100 %');
    this.cedent = cedent;
    this.reinsurers = reinsurers;
    this.lines = lines;
    this.cession = cession;
    this.perRiskLimit = perRiskLimit;
  }

  /** The cedent (acting as custodian here) books cash received for `party`. */
  @entry
  deposit(party: Address, amount: Money<'USD'>): void {
    require(ctx.caller == this.cedent, 'only the cedent books deposits');
    require(amount > zero('USD'), 'a deposit must be positive');
    this.cash.set(party, (this.cash.get(party) ?? zero('USD')) + amount);
  }

  /** Settles a paid claim: books it, computes the ceded share and moves each reinsurer's part. */
  @entry
  settleClaim(claimId: string, grossLoss: Money<'USD'>): Money<'USD'> {
    require(ctx.caller == this.cedent, 'only the cedent settles claims');
    require(!this.claims.has(claimId), 'claim already settled');
    require(grossLoss > zero('USD'), 'a claim must be positive');
    const ceded = mulMoney(min(grossLoss, this.perRiskLimit), this.cession, 'half-even');
    const parts = allocate(ceded, this.lines);
    for (let i = 0; i < this.reinsurers.length; i++) {
      const r = this.reinsurers[i];
      const have = this.cash.get(r) ?? zero('USD');
      require(have >= parts[i], 'insufficient funds');
      this.cash.set(r, have - parts[i]);
      emit<RecoveryPaid>({ claimId, reinsurer: r, amount: parts[i] });
    }
    this.cash.set(this.cedent, (this.cash.get(this.cedent) ?? zero('USD')) + ceded);
    this.claims.set(claimId, ceded);
    this.recovered += ceded;
    emit<ClaimSettled>({ claimId, grossLoss, ceded, retained: grossLoss - ceded });
    return ceded;
  }

  @view
  cashOf(party: Address): Money<'USD'> {
    return this.cash.get(party) ?? zero('USD');
  }

  @view
  totalRecovered(): Money<'USD'> {
    return this.recovered;
  }
}
