/**
 * Excess of loss reinsurance layer (non-proportional, losses-occurring, USD), e.g. "USD 5m xs
 * USD 2m". The layer pays the part of each loss above the retention, up to the limit, where a
 * "loss" is either one risk (per-risk cover) or the sum of all losses from one catastrophe event
 * (per-event cover). An annual aggregate deductible (AAD) is borne by the cedent first; recoveries
 * over the year are capped by the aggregate limit and by the limit times (1 + reinstatements).
 * Each recovery reinstates the limit used, for a reinstatement premium "pro rata as to amount":
 * rate × deposit premium × amount reinstated ÷ limit (not pro rata as to time).
 *
 * The layer protects the cedent's net retention after its quota share treaty (the quota share
 * "inures to the benefit" of this layer): a trigger reads every `ClaimRecorded` event of that
 * treaty and adds the retained part of the loss. The cedent can also report losses from business
 * outside the quota share.
 *
 * Does NOT model: several layers or a reinsurer panel (one reinsurer writes 100 %), hours clauses
 * (the event code supplied by the cedent defines the event), indexation/stability clauses,
 * reinstatement premium rates that differ per reinstatement, or payment itself.
 * @module
 */
import { proRata } from '@covenant/std/money';
import type { ClaimRecorded } from './quota-share.contract';

/** How losses are added up before the retention applies. */
export type LayerBasis = 'per-risk' | 'per-event';

/** The layer's year-to-date position. */
export interface LayerPosition {
  /** Σ of losses to the layer (each capped at the limit), before the AAD. */
  layerLosses: Money<'USD'>;
  /** Σ of recoveries paid or due (after the AAD, within the aggregate cover). */
  recovered: Money<'USD'>;
  /** Limit still available before the aggregate cover is exhausted. */
  remainingCover: Money<'USD'>;
  /** Limit reinstated so far, and the reinstatement premium charged for it. */
  reinstated: Money<'USD'>;
  reinstatementPremium: Money<'USD'>;
}

/** A new recovery due from the reinsurer to the cedent. */
export interface LayerRecovery extends Event {
  /** The event code (per-event) or policy and event (per-risk) the loss was added up under. */
  lossKey: string;
  lossDate: LocalDate;
  /** The loss to the layer for this key after this advice, and the new recovery it causes. */
  layerLoss: Money<'USD'>;
  recovery: Money<'USD'>;
}

/** Reinstatement premium due from the cedent for the limit this recovery reinstated. */
export interface ReinstatementPremiumDue extends Event {
  lossKey: string;
  reinstatedLimit: Money<'USD'>;
  premium: Money<'USD'>;
}

/** The part of a loss that falls in the layer: min(max(loss − retention, 0), limit). */
function inLayer(loss: Money<'USD'>, retention: Money<'USD'>, limit: Money<'USD'>): Money<'USD'> {
  return min(max(loss - retention, zero('USD')), limit);
}

@contract
export class ExcessOfLossLayer {
  readonly cedent: Address;
  readonly reinsurer: Address;
  /** The quota share treaty whose `ClaimRecorded` events feed this layer. */
  readonly claimsLedger: Address;
  readonly basis: LayerBasis;
  readonly retention: Money<'USD'>;
  readonly limit: Money<'USD'>;
  readonly annualAggregateDeductible: Money<'USD'>;
  /** min(aggregate limit, limit × (1 + reinstatements)): the most the layer pays in the year. */
  readonly aggregateCover: Money<'USD'>;
  readonly reinstatements: Int;
  /** 1.0 = reinstated at 100 % of the deposit premium for a full limit. */
  readonly reinstatementRate: Decimal;
  readonly depositPremium: Money<'USD'>;
  readonly inceptionDate: LocalDate;
  readonly expiryDate: LocalDate;

  /** Net loss added up per loss key (event code, or policy and event). */
  losses: Map<string, Money<'USD'>> = new Map();
  layerLosses: Money<'USD'> = money(0, 'USD');
  recovered: Money<'USD'> = money(0, 'USD');
  reinstatementPremium: Money<'USD'> = money(0, 'USD');

  constructor(cedent: Address, reinsurer: Address, claimsLedger: Address, basis: LayerBasis,
    retention: Money<'USD'>, limit: Money<'USD'>, annualAggregateDeductible: Money<'USD'>, aggregateLimit: Money<'USD'>,
    reinstatements: Int, reinstatementRate: Decimal, depositPremium: Money<'USD'>, inceptionDate: LocalDate, expiryDate: LocalDate) {
    require(limit > money(0, 'USD') && retention >= money(0, 'USD'), 'the layer needs a positive limit and a retention');
    require(annualAggregateDeductible >= money(0, 'USD'), 'the AAD cannot be negative');
    require(reinstatements >= 0 && reinstatementRate >= 0, 'reinstatement terms cannot be negative');
    require(inceptionDate < expiryDate, 'the layer must expire after inception');
    this.cedent = cedent;
    this.reinsurer = reinsurer;
    this.claimsLedger = claimsLedger;
    this.basis = basis;
    this.retention = retention;
    this.limit = limit;
    this.annualAggregateDeductible = annualAggregateDeductible;
    this.aggregateCover = min(aggregateLimit, limit * (1 + reinstatements));
    this.reinstatements = reinstatements;
    this.reinstatementRate = reinstatementRate;
    this.depositPremium = depositPremium;
    this.inceptionDate = inceptionDate;
    this.expiryDate = expiryDate;
  }

  /** Every claim booked to the quota share adds its retained (net) part to this layer. */
  @on('claimsLedger')
  onQuotaShareClaim(e: ClaimRecorded): void {
    this.addLoss(this.lossKey(e.policyId, e.eventId), e.lossDate, e.retained);
  }

  /** A net loss from business outside the quota share, reported by the cedent. */
  @entry
  reportLoss(policyId: string, eventId: string, lossDate: LocalDate, netLoss: Money<'USD'>): void {
    require(ctx.caller == this.cedent, 'only the cedent reports losses');
    require(netLoss > money(0, 'USD'), 'a loss must be positive');
    this.addLoss(this.lossKey(policyId, eventId), lossDate, netLoss);
  }

  /** Per-event cover adds up everything from one event; per-risk cover each policy separately. */
  lossKey(policyId: string, eventId: string): string {
    if (this.basis == 'per-event') {
      return eventId;
    }
    return policyId + '/' + eventId;
  }

  /**
   * Adds a net loss and works out the new recovery and reinstatement premium. Everything is
   * recomputed from year-to-date totals and the difference is charged, so a loss advised in
   * several steps gives exactly the same result as one advice of the total.
   */
  addLoss(key: string, lossDate: LocalDate, netLoss: Money<'USD'>): void {
    if (lossDate < this.inceptionDate || lossDate >= this.expiryDate) {
      return; // losses-occurring: outside the year, not this layer's loss
    }
    const before = this.losses.get(key) ?? zero('USD');
    const after = before + netLoss;
    this.losses.set(key, after);
    const layerLoss = inLayer(after, this.retention, this.limit);
    this.layerLosses += layerLoss - inLayer(before, this.retention, this.limit);

    // The AAD comes off the aggregate of layer losses; the aggregate cover caps what is left.
    const recoverable = min(max(this.layerLosses - this.annualAggregateDeductible, zero('USD')), this.aggregateCover);
    const recovery = recoverable - this.recovered;
    if (recovery == zero('USD')) {
      return;
    }
    const reinstatedBefore = this.reinstated();
    this.recovered = recoverable;
    emit<LayerRecovery>({ lossKey: key, lossDate, layerLoss, recovery });

    // Reinstatement premium, pro rata as to amount, on the limit reinstated by this recovery.
    const reinstatedNow = this.reinstated();
    const premiumToDate = proRata(this.depositPremium, this.reinstatementRate * toDecimal(reinstatedNow), toDecimal(this.limit), 'half-even');
    const premium = premiumToDate - this.reinstatementPremium;
    if (reinstatedNow > reinstatedBefore) {
      this.reinstatementPremium = premiumToDate;
      emit<ReinstatementPremiumDue>({ lossKey: key, reinstatedLimit: reinstatedNow - reinstatedBefore, premium });
    }
  }

  /** Limit reinstated so far: every amount recovered, up to limit × reinstatements. */
  reinstated(): Money<'USD'> {
    return min(this.recovered, this.limit * this.reinstatements);
  }

  @view
  position(): LayerPosition {
    return {
      layerLosses: this.layerLosses,
      recovered: this.recovered,
      remainingCover: this.aggregateCover - this.recovered,
      reinstated: this.reinstated(),
      reinstatementPremium: this.reinstatementPremium,
    };
  }

  /** The net loss added up so far under a loss key. */
  @view
  lossUnder(key: string): Money<'USD'> {
    return this.losses.get(key) ?? zero('USD');
  }
}
