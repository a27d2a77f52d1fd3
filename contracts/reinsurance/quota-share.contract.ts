/**
 * Quota share reinsurance treaty (proportional, risks-attaching, USD). The cedent cedes a fixed
 * share of every policy incepting during the treaty period to a panel of reinsurers, each writing
 * a "line" (e.g. A 25 % + B 15 % = a 40 % quota share; the cedent keeps 60 %). Premium is ceded
 * net of a ceding commission that reimburses the cedent's acquisition costs; claims are recovered
 * in the same shares, within a per-risk limit and an aggregate limit. Small recoveries go through
 * the quarterly statement of account; recoveries at or above the cash loss limit are called at
 * once ("cash call"), as is market practice for large losses.
 *
 * Does NOT model: profit commission, sliding-scale commission, loss portfolio transfers,
 * premium or loss reserves deposits, currency conversion (everything is in USD), or payment
 * itself: amounts due are emitted as events for the parties' settlement systems.
 * @module
 */
import { allocate } from '@covenant/std/money';

/** One reinsurer's written line: its share of every ceded risk (0.25 = 25 % of 100 %). */
export interface Participation { reinsurer: Address; line: Decimal }

/**
 * A policy ceded to the treaty. Its underwriting data is sealed by the cedent (record
 * `policy/<policyId>` in the key registry, docs/privacy.md): the panel may be granted the risk
 * fields (`sumInsured`, `peril`), and the insured's identity only once a claim on the policy is
 * booked (claims handling); nobody else ever sees them.
 */
export interface Policy {
  policyId: string;
  /** Personal data: the insured's identity. */
  insuredName: Sealed<string>;
  /** Risk field: the policy's 100 % sum insured; claims are proven to be within it. */
  sumInsured: Sealed<Money<'USD'>>;
  /** Risk field: the peril and occupancy class as underwritten (e.g. "fire / warehouse"). */
  peril: Sealed<string>;
  inception: LocalDate; expiry: LocalDate;
}

/** One reinsurer's movements in the open accounting quarter. */
export interface Account { premium: Money<'USD'>; commission: Money<'USD'>; claims: Money<'USD'> }

/** A quarterly statement of account for one reinsurer. */
export interface Statement {
  reinsurer: Address; periodStart: LocalDate; periodEnd: LocalDate;
  premium: Money<'USD'>; commission: Money<'USD'>; claims: Money<'USD'>;
  /** premium − commission − claims: positive is due to the reinsurer, negative to the cedent. */
  balance: Money<'USD'>;
}

/** A premium booking: gross, ceded to the panel (100 % of the panel's lines) and commission. */
export interface PremiumCeded extends Event {
  policyId: string; grossPremium: Money<'USD'>; cededPremium: Money<'USD'>; commission: Money<'USD'>;
}

/** Emitted for every claim; `retained` is the cedent's net loss, which its excess of loss treaty covers. */
export interface ClaimRecorded extends Event {
  claimId: string; policyId: string;
  /** Catastrophe event code (e.g. a PCS number), or the claim id for a single-risk loss. */
  eventId: string;
  lossDate: LocalDate;
  grossLoss: Money<'USD'>; recovery: Money<'USD'>; retained: Money<'USD'>;
}

/** One reinsurer's share of a claim recovery. */
export interface RecoveryDue extends Event {
  claimId: string; reinsurer: Address; amount: Money<'USD'>;
  /** Called at once (at or above the cash loss limit) rather than through the quarterly account. */
  cashCall: boolean;
}

/** A large loss advised before it is paid: the estimate is sealed, its bound is proven. */
export interface LargeLossAdvised extends Event {
  claimId: string; policyId: string; estimate: Sealed<Money<'USD'>>; commitment: Commitment;
}

/** A quarterly statement of account, rendered by the schedule. */
export interface StatementRendered extends Event { statement: Statement }

/** Map key of a statement: quarter start, then reinsurer. */
function statementKey(periodStart: LocalDate, reinsurer: Address): string {
  return str(periodStart) + '/' + str(reinsurer);
}

function emptyAccount(): Account {
  return { premium: money(0, 'USD'), commission: money(0, 'USD'), claims: money(0, 'USD') };
}

@contract
export class QuotaShareTreaty {
  readonly cedent: Address;
  readonly inceptionDate: LocalDate;
  readonly expiryDate: LocalDate;
  /** Reinsurers in ascending address order, and their lines in the same order. */
  readonly reinsurers: Address[];
  readonly lines: Decimal[];
  /** Σ lines: the share of each risk ceded to the panel. */
  readonly cession: Decimal;
  readonly cedingCommissionRate: Decimal;
  /** Largest 100 % loss covered on any one risk; the excess stays with the cedent. */
  readonly perRiskLimit: Money<'USD'>;
  /** Most the panel pays in total over the treaty's life. */
  readonly aggregateLimit: Money<'USD'>;
  readonly cashLossLimit: Money<'USD'>;

  policies: Map<string, Policy> = new Map();
  /** Recovery booked per claim id. */
  claims: Map<string, Money<'USD'>> = new Map();
  largeLosses: Map<string, Sealed<Money<'USD'>>> = new Map();
  /** Policies with at least one booked claim (their insured's identity may go to the panel's claims teams). */
  claimedPolicies: Map<string, boolean> = new Map();
  accounts: Map<Address, Account> = new Map();
  statements: Map<string, Statement> = new Map();
  quarterStart: LocalDate;
  recovered: Money<'USD'> = money(0, 'USD');

  constructor(cedent: Address, panel: Participation[], cedingCommissionRate: Decimal, perRiskLimit: Money<'USD'>,
    aggregateLimit: Money<'USD'>, cashLossLimit: Money<'USD'>, inceptionDate: LocalDate, expiryDate: LocalDate) {
    require(panel.length > 0, 'the panel has no reinsurer');
    require(inceptionDate < expiryDate, 'the treaty must expire after inception');
    require(cedingCommissionRate >= 0 && cedingCommissionRate < 1, 'ceding commission must be in [0, 1)');
    const byReinsurer: Map<Address, Decimal> = new Map();
    for (const p of panel) {
      require(p.line > 0, 'every line must be positive');
      require(!byReinsurer.has(p.reinsurer), 'a reinsurer appears twice on the panel');
      byReinsurer.set(p.reinsurer, p.line);
    }
    // Keep the panel in ascending address order (map order), so that every allocation, and its
    // one-cent tie-breaks, depends on who the reinsurers are, not on how the slip listed them.
    const reinsurers: Address[] = [];
    const lines: Decimal[] = [];
    let cession: Decimal = 0;
    for (const [reinsurer, line] of byReinsurer) {
      reinsurers.push(reinsurer);
      lines.push(line);
      cession += line;
      this.accounts.set(reinsurer, emptyAccount());
    }
    require(cession <= 1, 'the lines add up to more than 100 %');
    this.cedent = cedent;
    this.reinsurers = reinsurers;
    this.lines = lines;
    this.cession = cession;
    this.cedingCommissionRate = cedingCommissionRate;
    this.perRiskLimit = perRiskLimit;
    this.aggregateLimit = aggregateLimit;
    this.cashLossLimit = cashLossLimit;
    this.inceptionDate = inceptionDate;
    this.expiryDate = expiryDate;
    this.quarterStart = inceptionDate;
  }

  /** Cedes a policy. Risks-attaching: the policy must incept within the treaty period. */
  @entry
  recordPolicy(policyId: string, insuredName: Sealed<string>, sumInsured: Sealed<Money<'USD'>>, peril: Sealed<string>, inception: LocalDate, expiry: LocalDate): void {
    require(ctx.caller == this.cedent, 'only the cedent cedes policies');
    require(!this.policies.has(policyId), 'policy already ceded');
    require(inception >= this.inceptionDate && inception < this.expiryDate, 'policy incepts outside the treaty period');
    require(inception < expiry, 'policy must expire after inception');
    this.policies.set(policyId, { policyId, insuredName, sumInsured, peril, inception, expiry });
  }

  /**
   * Books a premium (negative for a return premium). Ceded premium = gross × cession; the ceding
   * commission is a rate of ceded premium. Both are split over the panel by line.
   */
  @entry
  recordPremium(policyId: string, grossPremium: Money<'USD'>): void {
    require(ctx.caller == this.cedent, 'only the cedent books premium');
    require(this.policies.has(policyId), 'unknown policy');
    const ceded = mulMoney(grossPremium, this.cession, 'half-even');
    const commission = mulMoney(ceded, this.cedingCommissionRate, 'half-even');
    const premiumParts = allocate(ceded, this.lines);
    const commissionParts = allocate(commission, this.lines);
    for (let i = 0; i < this.reinsurers.length; i++) {
      const r = this.reinsurers[i];
      const acct = this.accounts.get(r)!;
      this.accounts.set(r, { ...acct, premium: acct.premium + premiumParts[i], commission: acct.commission + commissionParts[i] });
    }
    emit<PremiumCeded>({ policyId, grossPremium, cededPremium: ceded, commission });
  }

  /**
   * Advises a large loss before payment. The estimate is commercially sensitive (litigation), so
   * it stays sealed; the cedent proves it is within the per-risk limit without revealing it.
   */
  @entry
  adviseLargeLoss(claimId: string, policyId: string, claimAmount: Sealed<Money<'USD'>>): void {
    require(ctx.caller == this.cedent, 'only the cedent advises losses');
    require(this.policies.has(policyId), 'unknown policy');
    prove(claimAmount <= this.perRiskLimit);
    this.largeLosses.set(claimId, claimAmount);
    emit<LargeLossAdvised>({ claimId, policyId, estimate: claimAmount, commitment: commitmentOf(claimAmount) });
  }

  /**
   * Books a paid claim. Recovery = min(gross loss, per-risk limit) × cession, capped by what is
   * left of the aggregate limit, then split over the panel by line.
   */
  @entry
  recordClaim(claimId: string, policyId: string, eventId: string, lossDate: LocalDate, grossLoss: Money<'USD'>): Money<'USD'> {
    require(ctx.caller == this.cedent, 'only the cedent books claims');
    require(!this.claims.has(claimId), 'claim already booked');
    require(grossLoss > money(0, 'USD'), 'a claim must be positive');
    const policy = this.policies.get(policyId);
    require(policy !== undefined, 'unknown policy');
    require(lossDate >= policy.inception && lossDate < policy.expiry, 'loss date outside the policy period');
    // The loss is within the policy's sealed sum insured: proven by the cedent, checked by every
    // node, without anyone else learning the sum insured.
    prove(grossLoss <= policy.sumInsured);
    this.claimedPolicies.set(policyId, true);

    const proportional = mulMoney(min(grossLoss, this.perRiskLimit), this.cession, 'half-even');
    const recovery = min(proportional, this.aggregateLimit - this.recovered);
    this.recovered += recovery;
    this.claims.set(claimId, recovery);

    const parts = allocate(recovery, this.lines);
    for (let i = 0; i < this.reinsurers.length; i++) {
      const r = this.reinsurers[i];
      const cashCall = parts[i] >= this.cashLossLimit;
      if (!cashCall) {
        const acct = this.accounts.get(r)!;
        this.accounts.set(r, { ...acct, claims: acct.claims + parts[i] });
      }
      emit<RecoveryDue>({ claimId, reinsurer: r, amount: parts[i], cashCall });
    }
    emit<ClaimRecorded>({ claimId, policyId, eventId, lossDate, grossLoss, recovery, retained: grossLoss - recovery });
    return recovery;
  }

  /**
   * Quarterly accounts: every three months from inception the open quarter is closed and one
   * statement per reinsurer is rendered (nil statements included). The first run, on the
   * inception date itself, has nothing to close.
   */
  @every('P3M', 'inceptionDate')
  renderAccounts(date: LocalDate): void {
    if (date <= this.quarterStart) {
      return;
    }
    for (const r of this.reinsurers) {
      const acct = this.accounts.get(r)!;
      const statement: Statement = {
        reinsurer: r, periodStart: this.quarterStart, periodEnd: date,
        premium: acct.premium, commission: acct.commission, claims: acct.claims,
        balance: acct.premium - acct.commission - acct.claims,
      };
      this.statements.set(statementKey(this.quarterStart, r), statement);
      this.accounts.set(r, emptyAccount());
      emit<StatementRendered>({ statement });
    }
    this.quarterStart = date;
  }

  /** A ceded policy: its sealed fields are ciphertext and commitments; grantees open them off chain. */
  @view
  policyOf(policyId: string): Policy | undefined {
    return this.policies.get(policyId);
  }

  /** The statement of `reinsurer` for the quarter starting on `periodStart`. */
  @view
  statementOf(reinsurer: Address, periodStart: LocalDate): Statement | undefined {
    return this.statements.get(statementKey(periodStart, reinsurer));
  }

  /**
   * Key-registry policy (docs/privacy.md "Grants on chain"): only the cedent owns the sealed fields
   * of this treaty's records.
   */
  @view
  mayOwn(record: string, field: string, owner: Address): boolean {
    return owner == this.cedent;
  }

  /**
   * Key-registry policy: the risk fields of a ceded policy go to panel reinsurers; the insured's
   * identity only once a claim on the policy is booked; large-loss estimates to the panel.
   */
  @view
  mayGrant(record: string, field: string, owner: Address, grantee: Address): boolean {
    if (!this.accounts.has(grantee)) {
      return false;
    }
    if (record.startsWith('policy/')) {
      const policyId = record.slice(7);
      if (!this.policies.has(policyId)) {
        return false;
      }
      if (field == 'sumInsured' || field == 'peril') {
        return true;
      }
      return field == 'insuredName' && this.claimedPolicies.has(policyId);
    }
    return record.startsWith('claim/') && field == 'estimate';
  }

  /** What the panel can still pay before the aggregate limit is exhausted. */
  @view
  remainingAggregate(): Money<'USD'> {
    return this.aggregateLimit - this.recovered;
  }
}
