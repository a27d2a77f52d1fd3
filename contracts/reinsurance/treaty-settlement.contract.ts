/**
 * Treaty settlement agent: pays what the quota share treaty says is due, the moment it is due,
 * through the parties' settlement cash accounts.
 *
 * - A cash call (a reinsurer's share of a large claim, `RecoveryDue` with `cashCall`) is paid
 *   from the reinsurer to the cedent as soon as the cedent records the claim — not at quarter end.
 * - Each quarterly statement's balance is paid when the statement is rendered: to the reinsurer
 *   when positive (premium less commission and claims), to the cedent when negative.
 *
 * Payments go through mandates the parties grant this agent on the cash accounts contract. If a
 * payer lacks the funds (or has revoked the mandate), nothing moves and the amount is recorded as
 * outstanding with the reason; anyone may ask the agent to retry it later, and it is paid once.
 *
 * Does NOT compute anything the treaty decides (amounts, shares, statement periods), charge
 * interest on late payment, or pay partial amounts.
 * @module
 */
import { type RecoveryDue, type StatementRendered, QuotaShareTreaty } from './quota-share.contract';
import { SettlementAccounts } from '../settlement/cash-accounts.contract';

/** Something owed that could not be paid when it fell due. */
export interface Outstanding {
  kind: 'cash-call' | 'statement';
  from: Address;
  to: Address;
  amount: Money<'USD'>;
  reason: string;
}

/** A payment made by the agent. */
export interface SettlementMade extends Event {
  kind: 'cash-call' | 'statement';
  from: Address;
  to: Address;
  amount: Money<'USD'>;
  reference: string;
}

/** A payment that could not be made when due; it is kept as outstanding. */
export interface SettlementOutstanding extends Event {
  reference: string;
  item: Outstanding;
}

@contract
export class TreatySettlement {
  readonly cedent: Address;
  readonly treaty: QuotaShareTreaty;
  readonly accounts: SettlementAccounts;
  /** Unpaid items by reference. */
  outstanding: Map<string, Outstanding> = new Map();
  paidTotal: Money<'USD'> = money(0, 'USD');

  constructor(cedent: Address, treaty: QuotaShareTreaty, accounts: SettlementAccounts) {
    this.cedent = cedent;
    this.treaty = treaty;
    this.accounts = accounts;
  }

  @on('treaty')
  onRecovery(e: RecoveryDue): void {
    if (!e.cashCall) {
      return; // settled through the next quarterly statement
    }
    this.settle('cash-call', e.reinsurer, this.cedent, e.amount, 'cash call ' + e.claimId + ' ' + str(e.reinsurer));
  }

  @on('treaty')
  onStatement(e: StatementRendered): void {
    const s = e.statement;
    const reference = 'statement ' + str(s.periodEnd) + ' ' + str(s.reinsurer);
    if (s.balance > money(0, 'USD')) {
      this.settle('statement', this.cedent, s.reinsurer, s.balance, reference);
    } else if (s.balance < money(0, 'USD')) {
      this.settle('statement', s.reinsurer, this.cedent, -s.balance, reference);
    }
  }

  /** Retries an outstanding payment (anyone may ask; it is paid at most once). */
  @entry
  retry(reference: string): void {
    const item = this.outstanding.get(reference);
    require(item !== undefined, 'nothing outstanding under this reference');
    this.accounts.pay(item.from, item.to, item.amount, reference);
    this.outstanding.delete(reference);
    this.paidTotal += item.amount;
    emit<SettlementMade>({ kind: item.kind, from: item.from, to: item.to, amount: item.amount, reference });
  }

  settle(kind: 'cash-call' | 'statement', from: Address, to: Address, amount: Money<'USD'>, reference: string): void {
    try {
      this.accounts.pay(from, to, amount, reference);
      this.paidTotal += amount;
      emit<SettlementMade>({ kind, from, to, amount, reference });
    } catch (err) {
      const item: Outstanding = { kind, from, to, amount, reason: err.message };
      this.outstanding.set(reference, item);
      emit<SettlementOutstanding>({ reference, item });
    }
  }

  @view
  outstandingOf(reference: string): Outstanding | undefined {
    return this.outstanding.get(reference);
  }

  @view
  totalPaid(): Money<'USD'> {
    return this.paidTotal;
  }
}
