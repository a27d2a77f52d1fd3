/**
 * Invoice financing across banks (receivables finance, factoring): a shared register, run by a
 * platform operator, on which suppliers present invoices, buyers (the debtors) confirm them, and
 * admitted banks advance money against them. Two frauds are stopped on chain without any bank
 * seeing another bank's invoice:
 *
 * - **Over-financing.** The invoice amount is sealed (a Pedersen commitment and ciphertext only
 *   its seller, its buyer and the financing bank can read, through the key registry). A financing
 *   request carries a zero-knowledge proof that the advance is at most the advance rate (e.g. 80 %)
 *   of the amount the buyer confirmed; every node checks it without learning the amount.
 * - **Double financing.** An invoice is known on chain only by its fingerprint: a hash the seller
 *   and buyer compute off chain over the invoice data and a secret they share (HMAC-SHA256, see
 *   docs/contracts.md "Trade finance: invoice financing"). The register accepts one financing per
 *   fingerprint, and only for a fingerprint its buyer confirmed, so a second bank asked to finance
 *   the same invoice is refused while seeing nothing but 32 opaque bytes.
 *
 * Life of an invoice: `Presented` (seller) → `Confirmed` (buyer, with the sealed amount) →
 * `Requested` (seller asks one bank, proving the advance; the invoice is reserved for that bank)
 * → `Financed` (the bank funds; payment at maturity is redirected to it) → `Paid` (buyer) →
 * `Closed` (the bank's financing is settled). A request may be released (declined by the bank or
 * withdrawn by the seller) back to `Confirmed`; an invoice the buyer pays before any financing is
 * `Paid` for good, so it can never be financed afterwards.
 *
 * Record ids in the key registry: `invoice/<fingerprint>`; the amount is field `amount`.
 *
 * Does NOT model: the money movements themselves (the advance, the buyer's payment and the
 * seller's reserve are paid off chain or by a settlement contract, driven by the events), discount
 * interest and fees, partial payments, credit notes and dilution, recourse to the seller on a
 * buyer's default, or currencies other than EUR.
 * @module
 */

/** A party the operator admitted: a bank that may finance, or a buyer whose confirmations count. */
export enum Role { Bank, Buyer }

export enum InvoiceStatus { Presented, Confirmed, Requested, Financed, Paid, Closed }

/** An invoice on the register. Only the amount is confidential; the rest is what the register needs. */
export interface Invoice {
  /** 64 lower-case hex digits: HMAC-SHA256 of the invoice data under the seller–buyer secret. */
  fingerprint: string;
  seller: Address;
  buyer: Address;
  /** Maturity: when the buyer pays. */
  dueDate: LocalDate;
  /** The invoice amount, sealed; set by the buyer's confirmation and never changed. */
  amount?: Sealed<Money<'EUR'>>;
  status: InvoiceStatus;
  /** The bank the invoice is reserved for (`Requested`) or financed by (`Financed` and after). */
  bank?: Address;
  /** The advance the bank pays the seller: public, it is the bank's payment order. */
  advance?: Money<'EUR'>;
  fundedOn?: LocalDate;
  paidOn?: LocalDate;
}

export interface PartyAdmitted extends Event { party: Address; role: Role }

export interface InvoicePresented extends Event {
  fingerprint: string; seller: Address; buyer: Address; dueDate: LocalDate;
}

/** The buyer acknowledges the debt: from here on, the committed amount is the invoice amount. */
export interface InvoiceConfirmed extends Event {
  fingerprint: string; seller: Address; buyer: Address; dueDate: LocalDate;
  amount: Sealed<Money<'EUR'>>; commitment: Commitment;
}

/** The seller asks `bank` to finance; the advance is proven within the advance rate. For the bank's credit desk. */
export interface FinancingRequested extends Event {
  fingerprint: string; seller: Address; buyer: Address; bank: Address;
  advance: Money<'EUR'>; dueDate: LocalDate; commitment: Commitment;
}

/** A request declined by the bank or withdrawn by the seller: the invoice may be offered again. */
export interface FinancingReleased extends Event {
  fingerprint: string; seller: Address; bank: Address; releasedBy: Address;
}

/**
 * The bank funded the invoice: its payment system pays `advance` to `seller`; the buyer's
 * payables system pays the invoice at maturity to `payTo` (the notice of assignment).
 */
export interface InvoiceFinanced extends Event {
  fingerprint: string; seller: Address; buyer: Address; bank: Address;
  advance: Money<'EUR'>; fundedOn: LocalDate; dueDate: LocalDate; payTo: Address; commitment: Commitment;
}

/** The buyer paid the invoice, to the bank when financed (`bank` set), else to the seller. */
export interface InvoicePaid extends Event {
  fingerprint: string; buyer: Address; payee: Address; bank?: Address;
  dueDate: LocalDate; paidOn: LocalDate; daysLate: Int;
}

/** The bank received the buyer's payment and closed its financing; it owes the seller the reserve. */
export interface FinancingClosed extends Event {
  fingerprint: string; bank: Address; seller: Address; advance: Money<'EUR'>; closedOn: LocalDate;
}

const HEX_DIGITS = '0123456789abcdef';

/** True for exactly 64 lower-case hex digits (a SHA-256 output). */
function isFingerprint(s: string): boolean {
  if (s.length != 64) {
    return false;
  }
  for (let i = 0; i < 64; i++) {
    if (!HEX_DIGITS.includes(s.slice(i, i + 1))) {
      return false;
    }
  }
  return true;
}

@contract
export class InvoiceFinancing {
  /** The platform operator: admits banks and buyers, nothing else. */
  readonly operator: Address;
  /** Largest advance as a share of the confirmed invoice amount (0.8 = 80 %). */
  readonly advanceRate: Decimal;

  parties: Map<Address, Role> = new Map();
  /** Invoices by fingerprint. A fingerprint, once used, is never free again. */
  invoices: Map<string, Invoice> = new Map();

  constructor(operator: Address, advanceRate: Decimal) {
    require(advanceRate > 0 && advanceRate <= 1, 'the advance rate must be in (0, 1]');
    this.operator = operator;
    this.advanceRate = advanceRate;
  }

  /** Admits a bank (may finance) or a buyer (its confirmations count). One role per address. */
  @entry
  admit(party: Address, role: Role): void {
    require(ctx.caller == this.operator, 'only the operator admits parties');
    require(!this.parties.has(party), 'the party is already admitted');
    this.parties.set(party, role);
    emit<PartyAdmitted>({ party, role });
  }

  /** The seller presents an invoice on an admitted buyer, known by its fingerprint only. */
  @entry
  presentInvoice(fingerprint: string, buyer: Address, dueDate: LocalDate): void {
    require(isFingerprint(fingerprint), 'the fingerprint must be 64 lower-case hex digits');
    require(!this.invoices.has(fingerprint), 'this invoice is already on the register');
    require(this.parties.get(buyer) == Role.Buyer, 'the buyer is not admitted');
    require(buyer != ctx.caller, 'a seller cannot invoice itself');
    require(!this.parties.has(ctx.caller), 'banks and buyers do not present invoices');
    require(dueDate > ctx.date, 'the invoice is already due');
    this.invoices.set(fingerprint, { fingerprint, seller: ctx.caller, buyer, dueDate, status: InvoiceStatus.Presented });
    emit<InvoicePresented>({ fingerprint, seller: ctx.caller, buyer, dueDate });
  }

  /**
   * The buyer confirms it owes the invoice, with its amount sealed (sealed by the seller and
   * checked by the buyer off chain, or sealed by the buyer itself). The commitment is fixed here:
   * every later proof is against the buyer-confirmed amount.
   */
  @entry
  confirmInvoice(fingerprint: string, amount: Sealed<Money<'EUR'>>): void {
    const inv = this.invoices.get(fingerprint);
    require(inv !== undefined, 'unknown invoice');
    require(ctx.caller == inv.buyer, 'only the buyer confirms an invoice');
    require(inv.status == InvoiceStatus.Presented, 'the invoice is not awaiting confirmation');
    this.invoices.set(fingerprint, { ...inv, amount, status: InvoiceStatus.Confirmed });
    emit<InvoiceConfirmed>({ fingerprint, seller: inv.seller, buyer: inv.buyer, dueDate: inv.dueDate, amount, commitment: commitmentOf(amount) });
  }

  /**
   * The seller asks an admitted bank to finance a confirmed invoice and proves, in zero
   * knowledge, advance ≤ advance rate × confirmed amount. The invoice is reserved for that bank
   * until it funds or the request is released: no other bank can be asked meanwhile.
   */
  @entry
  requestFinancing(fingerprint: string, bank: Address, advance: Money<'EUR'>): void {
    const inv = this.invoices.get(fingerprint);
    require(inv !== undefined, 'unknown invoice');
    require(ctx.caller == inv.seller, 'only the seller asks to finance its invoice');
    require(inv.status != InvoiceStatus.Presented, 'the buyer has not confirmed the invoice');
    require(inv.status == InvoiceStatus.Confirmed, 'the invoice is already financed, under offer, or paid');
    require(this.parties.get(bank) == Role.Bank, 'not an admitted bank');
    require(advance > money(0, 'EUR'), 'the advance must be positive');
    require(inv.dueDate > ctx.date, 'the invoice is due');
    const amount = inv.amount!;
    prove(advance <= amount * this.advanceRate);
    this.invoices.set(fingerprint, { ...inv, status: InvoiceStatus.Requested, bank, advance });
    emit<FinancingRequested>({ fingerprint, seller: inv.seller, buyer: inv.buyer, bank, advance, dueDate: inv.dueDate, commitment: commitmentOf(amount) });
  }

  /** Declined by the requested bank, or withdrawn by the seller: the invoice is free again. */
  @entry
  releaseRequest(fingerprint: string): void {
    const inv = this.invoices.get(fingerprint);
    require(inv !== undefined, 'unknown invoice');
    require(inv.status == InvoiceStatus.Requested, 'no financing request is open');
    const bank = inv.bank!;
    require(ctx.caller == bank || ctx.caller == inv.seller, 'only the requested bank or the seller releases a request');
    this.invoices.set(fingerprint, { fingerprint, seller: inv.seller, buyer: inv.buyer, dueDate: inv.dueDate, amount: inv.amount, status: InvoiceStatus.Confirmed });
    emit<FinancingReleased>({ fingerprint, seller: inv.seller, bank, releasedBy: ctx.caller });
  }

  /** The requested bank funds: the advance goes to the seller, the buyer pays the bank at maturity. */
  @entry
  fund(fingerprint: string): void {
    const inv = this.invoices.get(fingerprint);
    require(inv !== undefined, 'unknown invoice');
    require(inv.status == InvoiceStatus.Requested && inv.bank == ctx.caller, 'the invoice is not offered to this bank');
    require(inv.dueDate > ctx.date, 'the invoice is due');
    const fundedOn = ctx.date;
    this.invoices.set(fingerprint, { ...inv, status: InvoiceStatus.Financed, fundedOn });
    emit<InvoiceFinanced>({
      fingerprint, seller: inv.seller, buyer: inv.buyer, bank: ctx.caller, advance: inv.advance!, fundedOn,
      dueDate: inv.dueDate, payTo: ctx.caller, commitment: commitmentOf(inv.amount!),
    });
  }

  /**
   * The buyer records that it paid the invoice: to the financing bank when financed, else to the
   * seller. A paid invoice can no longer be financed.
   */
  @entry
  recordPayment(fingerprint: string): void {
    const inv = this.invoices.get(fingerprint);
    require(inv !== undefined, 'unknown invoice');
    require(ctx.caller == inv.buyer, 'only the buyer records its payment');
    require(inv.status == InvoiceStatus.Confirmed || inv.status == InvoiceStatus.Financed, 'the invoice is not payable (unconfirmed, under offer, or already paid)');
    const paidOn = ctx.date;
    const daysLate = max(daysBetween(inv.dueDate, paidOn), 0);
    this.invoices.set(fingerprint, { ...inv, status: InvoiceStatus.Paid, paidOn });
    if (inv.status == InvoiceStatus.Financed) {
      const bank = inv.bank!;
      emit<InvoicePaid>({ fingerprint, buyer: inv.buyer, payee: bank, bank, dueDate: inv.dueDate, paidOn, daysLate });
    } else {
      emit<InvoicePaid>({ fingerprint, buyer: inv.buyer, payee: inv.seller, dueDate: inv.dueDate, paidOn, daysLate });
    }
  }

  /** The financing bank confirms receipt of the buyer's payment and closes the financing. */
  @entry
  closeFinancing(fingerprint: string): void {
    const inv = this.invoices.get(fingerprint);
    require(inv !== undefined, 'unknown invoice');
    require(inv.bank == ctx.caller && inv.fundedOn !== undefined, 'only the financing bank closes its financing');
    require(inv.status == InvoiceStatus.Paid, 'the buyer has not paid the invoice');
    this.invoices.set(fingerprint, { ...inv, status: InvoiceStatus.Closed });
    emit<FinancingClosed>({ fingerprint, bank: ctx.caller, seller: inv.seller, advance: inv.advance!, closedOn: ctx.date });
  }

  /** The invoice registered under `fingerprint` (its amount is ciphertext and a commitment). */
  @view
  invoiceOf(fingerprint: string): Invoice | undefined {
    return this.invoices.get(fingerprint);
  }

  /**
   * What any bank may ask before it lends: true only for an invoice its buyer confirmed that is
   * neither under offer, financed nor paid.
   */
  @view
  isFinanceable(fingerprint: string): boolean {
    const inv = this.invoices.get(fingerprint);
    return inv !== undefined && inv.status == InvoiceStatus.Confirmed;
  }

  /**
   * Key-registry policy (docs/privacy.md "Grants on chain"): a field of record
   * `invoice/<fingerprint>` may be owned only by that invoice's seller, who issued it, once the
   * invoice is on the register (nobody can squat a record id before, and the buyer cannot take
   * the seller's fields by opening them first; the buyer reads them through its grant).
   */
  @view
  mayOwn(record: string, field: string, owner: Address): boolean {
    const inv = this.invoiceOfRecord(record);
    return inv !== undefined && owner == inv.seller;
  }

  /**
   * Key-registry policy: an invoice's fields go to its seller and buyer, and to the one bank the
   * invoice is offered to or financed by; never to any other bank.
   */
  @view
  mayGrant(record: string, field: string, owner: Address, grantee: Address): boolean {
    const inv = this.invoiceOfRecord(record);
    if (inv === undefined) {
      return false;
    }
    return grantee == inv.seller || grantee == inv.buyer || (inv.bank !== undefined && grantee == inv.bank);
  }

  invoiceOfRecord(record: string): Invoice | undefined {
    if (!record.startsWith('invoice/')) {
      return undefined;
    }
    const fingerprint = record.slice(8);
    if (!isFingerprint(fingerprint)) {
      return undefined;
    }
    return this.invoices.get(fingerprint);
  }
}
