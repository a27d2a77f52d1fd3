/**
 * Excess-of-loss settlement agent: pays what an XoL layer says is due, the moment the layer says
 * it, through the parties' settlement cash accounts.
 *
 * - A recovery (`LayerRecovery`, after retention, AAD and within the aggregate cover) is paid from
 *   the reinsurer to the cedent.
 * - A reinstatement premium (`ReinstatementPremiumDue`, pro rata as to amount) is paid from the
 *   cedent to the reinsurer.
 *
 * The layer computes its figures in a trigger run when the quota share records a claim; events of
 * trigger runs fire one block later, so these payments land in the block after the claim's. Each
 * party grants this agent a mandate on the cash accounts (the reinsurer's grant is its consent to
 * the terms the cedent deployed the agent with). Without funds or mandate nothing moves and the
 * item is kept as outstanding; anyone may ask for a retry, and it is paid once.
 *
 * Does NOT compute recoveries or premiums (the layer does), charge interest, or pay in part.
 * @module
 */
import { type LayerRecovery, type ReinstatementPremiumDue, ExcessOfLossLayer } from './excess-of-loss.contract';
import { SettlementAccounts } from '../settlement/cash-accounts.contract';

/** Something owed under the layer that could not be paid when it fell due. */
export interface LayerItem {
  kind: 'recovery' | 'reinstatement-premium';
  from: Address;
  to: Address;
  amount: Money<'USD'>;
  reason: string;
}

/** A layer payment made by the agent. */
export interface LayerPaid extends Event {
  kind: 'recovery' | 'reinstatement-premium';
  from: Address;
  to: Address;
  amount: Money<'USD'>;
  reference: string;
}

/** A layer payment that could not be made when due; it is kept as outstanding. */
export interface LayerPaymentOutstanding extends Event {
  reference: string;
  item: LayerItem;
}

@contract
export class LayerSettlement {
  readonly cedent: Address;
  readonly reinsurer: Address;
  readonly layer: ExcessOfLossLayer;
  readonly accounts: SettlementAccounts;
  outstanding: Map<string, LayerItem> = new Map();
  recoveriesPaid: Money<'USD'> = money(0, 'USD');
  premiumsPaid: Money<'USD'> = money(0, 'USD');

  constructor(cedent: Address, reinsurer: Address, layer: ExcessOfLossLayer, accounts: SettlementAccounts) {
    this.cedent = cedent;
    this.reinsurer = reinsurer;
    this.layer = layer;
    this.accounts = accounts;
  }

  @on('layer')
  onRecovery(e: LayerRecovery): void {
    this.settle('recovery', this.reinsurer, this.cedent, e.recovery, 'xol recovery ' + e.lossKey + ' ' + str(e.layerLoss));
  }

  @on('layer')
  onReinstatement(e: ReinstatementPremiumDue): void {
    this.settle('reinstatement-premium', this.cedent, this.reinsurer, e.premium, 'reinstatement ' + e.lossKey + ' ' + str(e.reinstatedLimit));
  }

  /** Retries an outstanding payment (anyone may ask; it is paid at most once). */
  @entry
  retry(reference: string): void {
    const item = this.outstanding.get(reference);
    require(item !== undefined, 'nothing outstanding under this reference');
    this.accounts.pay(item.from, item.to, item.amount, reference);
    this.outstanding.delete(reference);
    this.book(item.kind, item.amount);
    emit<LayerPaid>({ kind: item.kind, from: item.from, to: item.to, amount: item.amount, reference });
  }

  settle(kind: 'recovery' | 'reinstatement-premium', from: Address, to: Address, amount: Money<'USD'>, reference: string): void {
    if (amount <= money(0, 'USD')) {
      return;
    }
    try {
      this.accounts.pay(from, to, amount, reference);
      this.book(kind, amount);
      emit<LayerPaid>({ kind, from, to, amount, reference });
    } catch (err) {
      const item: LayerItem = { kind, from, to, amount, reason: err.message };
      this.outstanding.set(reference, item);
      emit<LayerPaymentOutstanding>({ reference, item });
    }
  }

  book(kind: 'recovery' | 'reinstatement-premium', amount: Money<'USD'>): void {
    if (kind == 'recovery') {
      this.recoveriesPaid += amount;
    } else {
      this.premiumsPaid += amount;
    }
  }

  @view
  outstandingOf(reference: string): LayerItem | undefined {
    return this.outstanding.get(reference);
  }

  /** Recoveries and reinstatement premiums paid so far. */
  @view
  paid(): Money<'USD'>[] {
    return [this.recoveriesPaid, this.premiumsPaid];
  }
}
