/**
 * Invoice financing across banks (contracts/trade-finance/invoice-financing.contract.ts) end to end
 * on a devnet node, with real sealed values, grants through the key registry and real relation
 * proofs from the client: the buyer's confirmation fixing the sealed amount, the advance-rate proof
 * (80 % accepted, 81 % unprovable, forged, replayed and moved proofs rejected), one financing per
 * fingerprint across banks, the contract's mayOwn/mayGrant policy, and settlement at maturity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../compiler/artifact.ts';
import { zk } from '../../runtime/index.ts';
import {
  type CallResult, type ContractHandle, type JsonValue, type ProofContext, type SealedResult, type SendOptions, Sealer, createSigner, generateEncryptionKeyPair, generateKeyPair, relationProofs,
} from '../../node/client/index.ts';
import { type Devnet, startDevnet } from '../../scripts/demo/network.ts';
import { artifactOf } from './harness.ts';
import {
  ADVANCE_WITHIN_RATE, EUR, INVOICE_FINANCING, type InvoiceData, codeOf, dayAfter, invoiceFingerprint, outcome, relationshipKey,
} from './trade-finance-fixtures.ts';

const RATE = '0.8';
const DAY = 86_400_000n;
const eur = (amount: string) => ({ amount, currency: 'EUR' });

let net: Devnet;
let artifact: ContractArtifact;
let register: ContractHandle;
let operator: Sealer;
let seller: Sealer;
let buyer: Sealer;
let otherBuyer: Sealer;
let bankA: Sealer;
let bankB: Sealer;
/** The seller–buyer relationship key (agreed once, off chain). */
const key = relationshipKey();
let today: number;

function party(): Sealer {
  return new Sealer(createSigner(net.client, generateKeyPair()), generateEncryptionKeyPair());
}

function invoice(number: string, amount: string, dueInDays = 60): InvoiceData {
  return {
    sellerId: 'LEI-529900SELLER000000001', buyerId: 'LEI-529900BUYER0000000001', number,
    issueDate: dayAfter(today, 0), dueDate: dayAfter(today, dueInDays), amount: eur(amount),
  };
}

function call(who: Sealer, entry: string, args: readonly unknown[], proofs?: SendOptions['proofs']): Promise<CallResult> {
  return who.signer.call(register, entry, args, { wait: true, ...(proofs === undefined ? {} : { proofs }) });
}

/** The proofs option of requestFinancing: advance ≤ 0.8 × the sealed amount. */
function advanceProof(advance: string, amount: SealedResult) {
  return relationProofs(artifact, register.address, [
    { relation: ADVANCE_WITHIN_RATE, public: [eur(advance), RATE], sealed: [{ commitment: amount.commitment as string, opening: amount.opening as zk.Opening }] },
  ]);
}

function field(fingerprint: string) {
  return { contract: register.address, record: `invoice/${fingerprint}`, field: 'amount' };
}

/**
 * The seller presents the invoice and seals its amount (owning the field), grants it to the buyer;
 * the buyer reads it, checks it against its own payables record, and confirms with that sealed value.
 */
async function presentAndConfirm(inv: InvoiceData): Promise<{ fingerprint: string; amount: SealedResult }> {
  const fingerprint = invoiceFingerprint(key, inv);
  expect(outcome(await call(seller, 'presentInvoice', [fingerprint, buyer.address, inv.dueDate]))).toBe('ok');
  const amount = await seller.seal(field(fingerprint), EUR, inv.amount);
  await seller.grant(field(fingerprint), buyer.address);
  const seen = await buyer.reveal(field(fingerprint), amount.sealed, EUR);
  expect(seen.value).toEqual(inv.amount);
  expect(outcome(await call(buyer, 'confirmInvoice', [fingerprint, amount.sealed]))).toBe('ok');
  return { fingerprint, amount };
}

async function invoiceOf(fingerprint: string): Promise<Record<string, unknown>> {
  return (await register.view('invoiceOf', [fingerprint])) as Record<string, unknown>;
}

beforeAll(async () => {
  today = Date.now();
  artifact = artifactOf(INVOICE_FINANCING);
  net = await startDevnet();
  [operator, seller, buyer, otherBuyer, bankA, bankB] = [party(), party(), party(), party(), party(), party()];
  await Promise.all([seller, buyer, otherBuyer, bankA, bankB].map((p) => p.publishKey({ wait: true })));
  const dep = await operator.signer.deploy(artifact, [operator.address, RATE], { wait: true });
  expect(dep.committed?.receipt.status).toBe('ok');
  register = dep.contract;
  for (const [p, role] of [[bankA, 'Bank'], [bankB, 'Bank'], [buyer, 'Buyer'], [otherBuyer, 'Buyer']] as const) {
    expect(outcome(await call(operator, 'admit', [p.address, role]))).toBe('ok');
  }
}, 60_000);

afterAll(async () => {
  await net?.stop();
});

describe('invoice financing across banks on a devnet', () => {
  const inv1 = () => invoice('INV-2027-0042', '100000.00');
  let first: { fingerprint: string; amount: SealedResult };

  it('only the buyer confirms an invoice, and its confirmation fixes the sealed amount', async () => {
    const inv = inv1();
    const fingerprint = invoiceFingerprint(key, inv);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(invoiceFingerprint(key, { ...inv, number: ' INV-2027-0042 ' })).toBe(fingerprint);
    expect(invoiceFingerprint(relationshipKey(), inv)).not.toBe(fingerprint);

    expect(outcome(await call(seller, 'presentInvoice', [fingerprint, buyer.address, inv.dueDate]))).toBe('ok');
    // Nobody but the invoice's seller or buyer may own a field of its record; no record, no owner.
    expect(await codeOf(bankA.openField({ ...field(fingerprint), field: 'note' }))).toBe('NODE_ERR_GRANT_REFUSED');
    expect(await codeOf(seller.openField(field('ab'.repeat(32))))).toBe('NODE_ERR_GRANT_REFUSED');
    const amount = await seller.seal(field(fingerprint), EUR, inv.amount);
    await seller.grant(field(fingerprint), buyer.address);
    expect((await buyer.reveal(field(fingerprint), amount.sealed, EUR)).value).toEqual(inv.amount);

    for (const who of [seller, bankA, otherBuyer]) {
      expect(outcome(await call(who, 'confirmInvoice', [fingerprint, amount.sealed]))).toMatch(/^RT_ERR_REQUIRE_FAILED: only the buyer confirms/);
    }
    expect(await register.view('isFinanceable', [fingerprint])).toBe(false);
    const confirmed = await call(buyer, 'confirmInvoice', [fingerprint, amount.sealed]);
    expect(outcome(confirmed)).toBe('ok');
    const event = confirmed.events?.find((e) => e.name === 'InvoiceConfirmed')?.data as Record<string, unknown>;
    expect(event).toMatchObject({ fingerprint, seller: seller.address, buyer: buyer.address, dueDate: inv.dueDate, commitment: amount.commitment });
    expect(await register.view('isFinanceable', [fingerprint])).toBe(true);
    // Confirmed once: a second confirmation (say, with another amount) is refused.
    const other = await seller.seal(field(fingerprint), EUR, eur('150000.00'));
    expect(outcome(await call(buyer, 'confirmInvoice', [fingerprint, other.sealed]))).toMatch(/not awaiting confirmation/);
    expect(((await invoiceOf(fingerprint))['amount'] as { commitment: string }).commitment).toBe(amount.commitment);
    first = { fingerprint, amount };
  });

  it('an invoice its buyer has not confirmed cannot be financed', async () => {
    const inv = invoice('INV-2027-0043', '20000.00');
    const fingerprint = invoiceFingerprint(key, inv);
    expect(outcome(await call(seller, 'presentInvoice', [fingerprint, buyer.address, inv.dueDate]))).toBe('ok');
    const own = await seller.seal(field(fingerprint), EUR, inv.amount);
    const r = await call(seller, 'requestFinancing', [fingerprint, bankA.address, eur('16000.00')], advanceProof('16000.00', own));
    expect(outcome(r)).toMatch(/^RT_ERR_REQUIRE_FAILED: the buyer has not confirmed the invoice/);
    const unknown = invoiceFingerprint(key, invoice('INV-NEVER-PRESENTED', '1.00'));
    expect(outcome(await call(seller, 'requestFinancing', [unknown, bankA.address, eur('0.80')], advanceProof('0.80', own)))).toMatch(/unknown invoice/);
    // Presenting on a party that is not an admitted buyer is refused too.
    const bogus = invoiceFingerprint(key, invoice('INV-2027-0044', '5.00'));
    expect(outcome(await call(seller, 'presentInvoice', [bogus, bankB.address, inv.dueDate]))).toMatch(/the buyer is not admitted/);
  });

  it('an advance above 80 %: the honest prover refuses, and proofs of other statements fail on chain', async () => {
    const { fingerprint, amount } = first;
    // 81 000 > 0.8 × 100 000: the relation is false, so no proof can be built.
    expect(await codeOf(call(seller, 'requestFinancing', [fingerprint, bankA.address, eur('81000.00')], advanceProof('81000.00', amount)))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    // A genuine proof for 80 000, sent with an advance of 81 000: admitted (it verifies for the
    // statement it declares), then refused at execution, where the statement is the real one.
    const reused = await call(seller, 'requestFinancing', [fingerprint, bankA.address, eur('81000.00')], advanceProof('80000.00', amount));
    expect(outcome(reused)).toMatch(/^RT_ERR_PROOF_INVALID/);
    // The same proof bytes relabelled as a proof for 81 000: refused before it takes block space.
    const forged = (tx: ProofContext) => advanceProof('80000.00', amount)(tx).map((p) => {
      const e = p as { inputs: { public: JsonValue[]; sealed: string[] } };
      return { ...e, inputs: { ...e.inputs, public: [eur('81000.00'), RATE] } } as JsonValue;
    });
    expect(await codeOf(call(seller, 'requestFinancing', [fingerprint, bankA.address, eur('81000.00')], forged))).toBe('NODE_ERR_PROOF_INVALID');
    // No proof at all.
    expect(outcome(await call(seller, 'requestFinancing', [fingerprint, bankA.address, eur('81000.00')]))).toMatch(/^RT_ERR_PROOF_INVALID/);
    expect(await register.view('isFinanceable', [fingerprint])).toBe(true);
  }, 20_000);

  it('bank A finances 80 %, reads the amount through its grant; bank B can neither be granted nor read it', async () => {
    const { fingerprint, amount } = first;
    // Before any request, no bank may be granted the amount.
    expect(await codeOf(seller.grant(field(fingerprint), bankA.address))).toBe('NODE_ERR_GRANT_REFUSED');
    const requested = await call(seller, 'requestFinancing', [fingerprint, bankA.address, eur('80000.00')], advanceProof('80000.00', amount));
    expect(outcome(requested)).toBe('ok');
    expect(requested.events?.find((e) => e.name === 'FinancingRequested')?.data).toMatchObject({ fingerprint, bank: bankA.address, advance: eur('80000.00'), commitment: amount.commitment });

    await seller.grant(field(fingerprint), bankA.address);
    const onChain = (await invoiceOf(fingerprint))['amount'];
    const seen = await bankA.reveal(field(fingerprint), onChain, EUR);
    expect(seen.value).toEqual(eur('100000.00'));
    // The opening bank A decrypted opens the commitment every node holds (and proofs were checked against).
    expect(zk.openCommitment(Buffer.from(amount.commitment as string, 'hex'), seen.opening as zk.Opening)).toBe(true);
    expect(seen.opening?.value).toBe(10_000_000n);

    expect(await codeOf(seller.grant(field(fingerprint), bankB.address))).toBe('NODE_ERR_GRANT_REFUSED');
    expect(await codeOf(bankB.reveal(field(fingerprint), onChain, EUR))).toBe('SEAL_ERR_NOT_GRANTED');
    // Only the requested bank funds.
    expect(outcome(await call(bankB, 'fund', [fingerprint]))).toMatch(/not offered to this bank/);
    const funded = await call(bankA, 'fund', [fingerprint]);
    expect(outcome(funded)).toBe('ok');
    expect(funded.events?.find((e) => e.name === 'InvoiceFinanced')?.data).toMatchObject({
      fingerprint, seller: seller.address, buyer: buyer.address, bank: bankA.address, payTo: bankA.address, advance: eur('80000.00'), commitment: amount.commitment,
    });
  }, 20_000);

  it('the same invoice cannot be financed again, at bank B or anywhere, though bank B sees only its fingerprint', async () => {
    const { fingerprint, amount } = first;
    expect(await register.view('isFinanceable', [fingerprint])).toBe(false);
    // A dishonest seller asks bank B with a valid proof for 50 %: refused by the register.
    const second = await call(seller, 'requestFinancing', [fingerprint, bankB.address, eur('50000.00')], advanceProof('50000.00', amount));
    expect(outcome(second)).toMatch(/already financed, under offer, or paid/);
    expect(outcome(await call(bankB, 'fund', [fingerprint]))).toMatch(/not offered to this bank/);
    // Presenting the same invoice again gives the same fingerprint (the key is per relationship), which is taken.
    expect(outcome(await call(seller, 'presentInvoice', [invoiceFingerprint(key, inv1()), buyer.address, inv1().dueDate]))).toMatch(/already on the register/);
    // What bank B can read of the invoice: parties, dates, status and ciphertext, never the amount.
    const seen = await invoiceOf(fingerprint);
    expect(seen).toMatchObject({ status: 'Financed', bank: bankA.address, advance: eur('80000.00') });
    expect(JSON.stringify(seen)).not.toContain('100000.00');
  });

  let third: { fingerprint: string; amount: SealedResult };
  let bankBRequest: CallResult;

  it('a proof for another invoice commitment, or replayed from another transaction, fails', async () => {
    third = await presentAndConfirm(invoice('INV-2027-0045', '50000.00'));
    // 30 000 is within 80 % of both invoices, but the proof is over the first invoice's commitment.
    const moved = await call(seller, 'requestFinancing', [third.fingerprint, bankB.address, eur('30000.00')], advanceProof('30000.00', first.amount));
    expect(outcome(moved)).toMatch(/^RT_ERR_PROOF_INVALID/);
    // A proof of the right statement bound to another transaction (another nonce): refused at admission.
    const elsewhere = (tx: ProofContext) => advanceProof('30000.00', third.amount)({ ...tx, nonce: tx.nonce + 7n });
    expect(await codeOf(call(seller, 'requestFinancing', [third.fingerprint, bankB.address, eur('30000.00')], elsewhere))).toBe('NODE_ERR_PROOF_INVALID');
    // Bank B may of course finance another invoice.
    bankBRequest = await call(seller, 'requestFinancing', [third.fingerprint, bankB.address, eur('30000.00')], advanceProof('30000.00', third.amount));
    expect(outcome(bankBRequest)).toBe('ok');
    // Bank B declines; the exact proofs of the committed request, replayed in a new request, are refused.
    const released = await call(bankB, 'releaseRequest', [third.fingerprint]);
    expect(outcome(released)).toBe('ok');
    expect(released.events?.find((e) => e.name === 'FinancingReleased')?.data).toMatchObject({ bank: bankB.address, releasedBy: bankB.address });
    const replayed = bankBRequest.tx.proofs as JsonValue[];
    expect(await codeOf(call(seller, 'requestFinancing', [third.fingerprint, bankB.address, eur('30000.00')], replayed))).toBe('NODE_ERR_PROOF_INVALID');
    expect(await register.view('isFinanceable', [third.fingerprint])).toBe(true);
    // Released, the bank is no longer the invoice's bank: the seller cannot grant it the amount.
    expect(await codeOf(seller.grant(field(third.fingerprint), bankB.address))).toBe('NODE_ERR_GRANT_REFUSED');
  }, 20_000);

  it('at maturity the buyer pays the bank, the bank closes its financing; a paid invoice is never financed', async () => {
    const { fingerprint } = first;
    const due = inv1().dueDate;
    expect(outcome(await call(bankA, 'closeFinancing', [fingerprint]))).toMatch(/the buyer has not paid/);
    await net.client.advanceTime(60n * DAY);
    expect(outcome(await call(seller, 'recordPayment', [fingerprint]))).toMatch(/only the buyer records its payment/);
    const paid = await call(buyer, 'recordPayment', [fingerprint]);
    expect(outcome(paid)).toBe('ok');
    const p = paid.events?.find((e) => e.name === 'InvoicePaid')?.data as Record<string, string>;
    expect(p).toMatchObject({ fingerprint, buyer: buyer.address, payee: bankA.address, bank: bankA.address, dueDate: due });
    expect(p['paidOn'] >= due).toBe(true);
    expect(BigInt(p['daysLate'] as string)).toBe(BigInt(Math.max(0, (Date.parse(p['paidOn'] as string) - Date.parse(due)) / 86_400_000)));
    expect(outcome(await call(bankB, 'closeFinancing', [fingerprint]))).toMatch(/only the financing bank/);
    const closed = await call(bankA, 'closeFinancing', [fingerprint]);
    expect(outcome(closed)).toBe('ok');
    expect(closed.events?.find((e) => e.name === 'FinancingClosed')?.data).toMatchObject({ fingerprint, bank: bankA.address, seller: seller.address, advance: eur('80000.00') });
    expect((await invoiceOf(fingerprint))['status']).toBe('Closed');

    // The third invoice is paid straight to the seller; afterwards no bank can finance it.
    const direct = await call(buyer, 'recordPayment', [third.fingerprint]);
    expect(direct.events?.find((e) => e.name === 'InvoicePaid')?.data).toMatchObject({ payee: seller.address });
    expect(outcome(await call(seller, 'requestFinancing', [third.fingerprint, bankB.address, eur('30000.00')], advanceProof('30000.00', third.amount)))).toMatch(/already financed, under offer, or paid/);
  }, 20_000);
});
