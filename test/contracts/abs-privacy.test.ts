/**
 * Sealed loan-level ABS data (contracts/abs/loan-tape.contract.ts) feeding the public payment
 * waterfall (contracts/abs/waterfall.contract.ts), end to end on a devnet node with real sealed
 * values, grants through the key registry and real relation proofs from the client:
 * - the servicer seals borrower, balance and status per loan; an investor granted balance and
 *   status reveals them and checks them against their commitments; the borrower's identity goes to
 *   the trustee only (no grant to an investor, and `mayGrant` refuses one);
 * - every loan report proves `previous + collection == new total`; a report whose total is not
 *   that sum fails with RT_ERR_PROOF_INVALID and changes nothing;
 * - each period close proves the public cash sent to the waterfall equals the committed total of
 *   the period (an inflated close fails);
 * - each payment date's payments (fees, each class's interest and principal, residual, reserve
 *   movement), as the waterfall recorded them, are proven equal to the committed collections of
 *   the periods it covers; a certification against another total fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AbiType, ContractArtifact } from '../../compiler/artifact.ts';
import { zk } from '../../runtime/index.ts';
import {
  type CallResult, type ContractHandle, type JsonValue, type ProofContext, type SealedResult, Sealer, createSigner, generateEncryptionKeyPair, generateKeyPair,
  relationProofs, sealValue,
} from '../../node/client/index.ts';
import { type Devnet, startDevnet } from '../../scripts/demo/network.ts';
import { artifactOf } from './harness.ts';

const EUR: AbiType = { kind: 'money', currency: 'EUR' };
const STR: AbiType = { kind: 'string' };
type Eur = { amount: string; currency: string };
const cents = (m: Eur): bigint => BigInt(m.amount.replace('.', ''));
const eur = (c: bigint): Eur => ({ amount: `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`, currency: 'EUR' });

const Y = new Date().getUTCFullYear() + 1;
const CUT_OFF = `${Y}-01-01`;
const PERIOD_ENDS = [`${Y}-02-01`, `${Y}-03-01`, `${Y}-04-01`];
const PAYMENT_DATES = [`${Y}-02-15`, `${Y}-03-15`, `${Y}-04-15`];

/** The loans at the cut-off: borrower, balance in cents. */
const LOANS: Record<string, { borrower: string; balance: bigint }> = {
  'AL-001': { borrower: 'Anna Keller, born 1985-04-12, Köln', balance: 120_000_00n },
  'AL-002': { borrower: 'Bruno Silva, born 1979-09-30, Porto', balance: 57_500_00n },
  'AL-003': { borrower: 'Chloé Martin, born 1991-01-17, Lyon', balance: 97_457_81n },
};
const POOL = Object.values(LOANS).reduce((s, l) => s + l.balance, 0n);

/** A period's loan reports: interest and principal collected (cents), new status. */
interface LoanReport { id: string; interest: bigint; principal: bigint; status: string }
const PERIOD_1: LoanReport[] = [
  { id: 'AL-001', interest: 600_00n, principal: 0n, status: 'performing' },
  { id: 'AL-002', interest: 287_50n, principal: 2_500_00n, status: 'performing' },
  { id: 'AL-003', interest: 487_29n, principal: 2_554_90n, status: 'performing' },
];
const PERIOD_2: LoanReport[] = [
  { id: 'AL-001', interest: 0n, principal: 0n, status: 'arrears-30' },
  { id: 'AL-002', interest: 275_00n, principal: 2_500_00n, status: 'performing' },
  { id: 'AL-003', interest: 474_51n, principal: 2_567_68n, status: 'performing' },
];

let net: Devnet;
let tapeArtifact: ContractArtifact;
let tape: ContractHandle;
let waterfall: ContractHandle;
let servicer: Sealer;
let trustee: Sealer;
let investor: Sealer;
let outsider: Sealer;
/** The servicer's own books: current balances, and the opening of every running total it sealed. */
const balances = new Map<string, bigint>();
let collected: SealedResult | undefined;
let atClose: SealedResult | undefined;
let atPayment: SealedResult | undefined;

function party(): Sealer {
  return new Sealer(createSigner(net.client, generateKeyPair()), generateEncryptionKeyPair());
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'no error';
}

function outcome(r: CallResult): string {
  const receipt = r.committed?.receipt;
  if (receipt === undefined) return 'not committed';
  return receipt.status === 'ok' ? 'ok' : `${receipt.error?.code ?? '?'}: ${receipt.error?.message ?? ''}`;
}

const loanField = (id: string, field: string) => ({ contract: tape.address, record: `loan/${id}`, field });
const POOL_FIELD = () => ({ contract: tape.address, record: 'pool', field: 'collected' });
const opening = (s: SealedResult) => ({ commitment: s.commitment as string, opening: s.opening as zk.Opening });
const relation = (prefix: string): number => {
  const found = (tapeArtifact.abi.relations ?? []).filter((r) => r.text.startsWith(prefix));
  expect(found, prefix).toHaveLength(1);
  return (found[0] as { index: number }).index;
};

/** Moves the devnet clock to 06:00 UTC on `date`. */
async function advanceTo(date: string): Promise<void> {
  const now = await net.client.advanceTime(0n);
  const target = BigInt(Date.parse(`${date}T06:00:00Z`));
  if (target > now) await net.client.advanceTime(target - now);
}

async function until<T>(what: string, f: () => Promise<T | null | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await f();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The servicer's report on one loan: sealed balance, status, collection, and the new running total with its proof. */
async function reportLoan(r: LoanReport, tamper = 0n): Promise<CallResult> {
  const balance = (balances.get(r.id) as bigint) - r.principal;
  const sealedBalance = await servicer.seal(loanField(r.id, 'balance'), EUR, eur(balance));
  const status = await servicer.seal(loanField(r.id, 'status'), STR, r.status);
  const collection = await servicer.seal(loanField(r.id, 'collection'), EUR, eur(r.interest + r.principal));
  const total = (collected?.opening?.value ?? 0n) + r.interest + r.principal;
  const next = await servicer.seal(POOL_FIELD(), EUR, eur(total));
  const proofs = collected === undefined
    ? relationProofs(tapeArtifact, tape.address, [{ relation: 'collection == newCollected', public: [], sealed: [opening(collection), opening(next)] }])
    : relationProofs(tapeArtifact, tape.address, [{ relation: 'previous + collection == newCollected', public: [], sealed: [opening(collected), opening(collection), opening(next)] }]);
  // A tampered report sends a total that is not the sum (the proof is for the honest one).
  const sent = tamper === 0n ? next : await servicer.seal(POOL_FIELD(), EUR, eur(total + tamper));
  const res = await servicer.signer.call(tape, 'reportLoan', [r.id, sealedBalance.sealed, status.sealed, collection.sealed, sent.sealed], { wait: true, proofs });
  if (outcome(res) === 'ok') {
    balances.set(r.id, balance);
    collected = next;
  }
  return res;
}

/** The period's public figures from the servicer's books. */
function figures(reports: LoanReport[]): { interest: bigint; principal: bigint } {
  return { interest: reports.reduce((s, r) => s + r.interest, 0n), principal: reports.reduce((s, r) => s + r.principal, 0n) };
}

/** Closes the open period with the stated cash, proving it against the committed total. */
async function closePeriod(interest: bigint, principal: bigint): Promise<CallResult> {
  const now = collected as SealedResult;
  const pub = [eur(interest), eur(principal), eur(0n)];
  const proofs = atClose === undefined
    ? relationProofs(tapeArtifact, tape.address, [{ relation: 'now == interest + principal + recoveries', public: pub, sealed: [opening(now)] }])
    : relationProofs(tapeArtifact, tape.address, [{ relation: 'now - before == interest + principal + recoveries', public: pub, sealed: [opening(now), opening(atClose)] }]);
  return servicer.signer.call(tape, 'closePeriod', [eur(interest), eur(principal), eur(0n), eur(0n)], { wait: true, proofs });
}

/** The waterfall's run of `date` as the public operands of the tape's payment relation. */
interface Run { cashIn: Eur; seniorFees: Eur; interest: Eur[]; principal: Eur[]; reserveChange: Eur; residual: Eur; periodStart: string }
function paymentOperands(run: Run): Eur[] {
  const change = cents(run.reserveChange);
  return [run.seniorFees, ...run.interest, ...run.principal, run.residual, eur(change > 0n ? change : 0n), eur(change < 0n ? -change : 0n)];
}

/** Certifies a payment date: proves the run's payments equal the committed total since the previous one. */
function certifyProofs(run: Run, now: SealedResult): (tx: ProofContext) => readonly JsonValue[] {
  const pub = paymentOperands(run);
  return atPayment === undefined
    ? relationProofs(tapeArtifact, tape.address, [{ relation: relation('now == run.seniorFees'), public: pub, sealed: [opening(now)] }])
    : relationProofs(tapeArtifact, tape.address, [{ relation: relation('now - before == run.seniorFees'), public: pub, sealed: [opening(now), opening(atPayment)] }]);
}

async function waitForRun(date: string): Promise<Run> {
  await advanceTo(date);
  return until(`the waterfall's run of ${date}`, async () => (await waterfall.view('run', [date])) as Run | null);
}

beforeAll(async () => {
  tapeArtifact = artifactOf('contracts/abs/loan-tape.contract.ts');
  const wfArtifact = artifactOf('contracts/abs/waterfall.contract.ts');
  net = await startDevnet();
  [servicer, trustee, investor, outsider] = [party(), party(), party(), party()];
  await Promise.all([servicer, trustee, investor, outsider].map((p) => p.publishKey({ wait: true })));
  const equity = generateKeyPair();
  const dep = await servicer.signer.deploy(tapeArtifact, [servicer.address, trustee.address, CUT_OFF, PERIOD_ENDS, eur(POOL)], { wait: true });
  expect(dep.committed?.receipt.status).toBe('ok');
  tape = dep.contract;
  const wf = await trustee.signer.deploy(wfArtifact, [
    tape.address, createSigner(net.client, equity).address, [eur(200_000_00n), eur(40_000_00n), eur(20_000_00n)], ['0.03', '0.05', '0.08'], eur(POOL),
    eur(5_000_00n), '0.0005', '0.01', '1.05', '1.2', CUT_OFF, PAYMENT_DATES,
  ], { wait: true });
  expect(wf.committed?.receipt.status).toBe('ok');
  waterfall = wf.contract;
  expect(outcome(await trustee.signer.call(tape, 'connectWaterfall', [waterfall.address], { wait: true }))).toBe('ok');
  expect(outcome(await trustee.signer.call(tape, 'registerInvestor', [investor.address], { wait: true }))).toBe('ok');
}, 60_000);

afterAll(async () => {
  await net?.stop();
});

describe('sealed ABS loan tape on a devnet', () => {
  it('the servicer seals each loan; an investor granted balance and status reveals them and checks them against their commitments', async () => {
    let last: readonly JsonValue[] = [];
    for (const [id, l] of Object.entries(LOANS)) {
      const borrower = await servicer.seal(loanField(id, 'borrower'), STR, l.borrower);
      const balance = await servicer.seal(loanField(id, 'balance'), EUR, eur(l.balance));
      const status = await servicer.seal(loanField(id, 'status'), STR, 'performing');
      const r = await servicer.signer.call(tape, 'boardLoan', [id, borrower.sealed, balance.sealed, status.sealed], { wait: true });
      expect(outcome(r)).toBe('ok');
      expect(r.events?.find((e) => e.name === 'TapeLoanBoarded')?.data).toMatchObject({ loanId: id, balance: balance.commitment });
      balances.set(id, l.balance);
      last = [borrower.sealed, balance.sealed, status.sealed];
    }
    // Only the servicer boards loans.
    expect(outcome(await outsider.signer.call(tape, 'boardLoan', ['AL-999', ...last], { wait: true }))).toMatch(/^RT_ERR_REQUIRE_FAILED: only the servicer/);

    for (const field of ['balance', 'status']) await servicer.grant(loanField('AL-002', field), investor.address);
    const onChain = (await tape.view('loan', ['AL-002'])) as Record<string, { commitment?: string }>;
    const balance = await investor.reveal(loanField('AL-002', 'balance'), onChain['balance'], EUR);
    expect(balance.value).toEqual(eur(57_500_00n));
    // The revealed opening opens the commitment the contract holds (and that the boarding event published).
    const commitment = onChain['balance']?.commitment as string;
    expect(zk.openCommitment(Buffer.from(commitment, 'hex'), balance.opening as zk.Opening)).toBe(true);
    expect(Buffer.from(zk.encodePoint(zk.commit(5_750_000n, (balance.opening as zk.Opening).blinding))).toString('hex')).toBe(commitment);
    expect((await investor.reveal(loanField('AL-002', 'status'), onChain['status'], STR)).value).toBe('performing');
    // Not granted: another loan's balance.
    const other = (await tape.view('loan', ['AL-001'])) as Record<string, unknown>;
    expect(await codeOf(investor.reveal(loanField('AL-001', 'balance'), other['balance'], EUR))).toBe('SEAL_ERR_NOT_GRANTED');
  });

  it("the borrower's identity goes to the trustee only: an investor holds no grant, and mayGrant refuses one", async () => {
    const loan = (await tape.view('loan', ['AL-002'])) as Record<string, unknown>;
    expect(await codeOf(investor.reveal(loanField('AL-002', 'borrower'), loan['borrower'], STR))).toBe('SEAL_ERR_NOT_GRANTED');
    expect(await codeOf(servicer.grant(loanField('AL-002', 'borrower'), investor.address))).toBe('NODE_ERR_GRANT_REFUSED');
    expect(await tape.view('mayGrant', ['loan/AL-002', 'borrower', servicer.address, investor.address])).toBe(false);
    expect(await tape.view('mayGrant', ['loan/AL-002', 'balance', servicer.address, investor.address])).toBe(true);
    // Nor balance or status to anyone the trustee has not registered, nor ownership to anyone but the servicer.
    expect(await codeOf(servicer.grant(loanField('AL-002', 'balance'), outsider.address))).toBe('NODE_ERR_GRANT_REFUSED');
    expect(await codeOf(outsider.openField(loanField('AL-004', 'balance')))).toBe('NODE_ERR_GRANT_REFUSED');
    expect(await codeOf(servicer.openField({ contract: tape.address, record: 'loan/AL-002', field: 'notes' }))).toBe('NODE_ERR_GRANT_REFUSED');
    // The trustee may hold it (it replaces a failed servicer).
    await servicer.grant(loanField('AL-002', 'borrower'), trustee.address);
    expect((await trustee.reveal(loanField('AL-002', 'borrower'), loan['borrower'], STR)).value).toBe(LOANS['AL-002']?.borrower);
    // The node holds no plaintext.
    const { keys } = await net.client.listState(tape.address);
    const texts = await Promise.all(keys.map(async (k) => (await net.client.getState(tape.address, k)).value ?? ''));
    expect(texts.join('\n')).not.toContain('Silva');
    expect(texts.join('\n')).not.toContain('57500');
  });

  it('each loan report proves previous + collection == new total; a wrong total fails with RT_ERR_PROOF_INVALID and changes nothing', async () => {
    expect(outcome(await reportLoan(PERIOD_1[0] as LoanReport))).toBe('ok');
    const before = { loan: await tape.view('loan', ['AL-002']), total: await tape.view('collectedSoFar', []) };
    const bad = await reportLoan(PERIOD_1[1] as LoanReport, 100_00n);
    expect(outcome(bad)).toMatch(/^RT_ERR_PROOF_INVALID/);
    expect(await tape.view('loan', ['AL-002'])).toEqual(before.loan);
    expect(await tape.view('collectedSoFar', [])).toEqual(before.total);
    for (const r of PERIOD_1.slice(1)) expect(outcome(await reportLoan(r))).toBe('ok');
    // Once per loan and period.
    expect(outcome(await reportLoan(PERIOD_1[0] as LoanReport))).toMatch(/^RT_ERR_REQUIRE_FAILED: the loan is already reported/);
    // The investor's granted balance follows the report, still checked against its commitment.
    const loan = (await tape.view('loan', ['AL-002'])) as Record<string, unknown>;
    expect((await investor.reveal(loanField('AL-002', 'balance'), loan['balance'], EUR)).value).toEqual(eur(55_000_00n));
    // The running total commits to the sum of the committed collections (trustee's view, after a grant).
    await servicer.grant(POOL_FIELD(), trustee.address);
    const total = await trustee.reveal(POOL_FIELD(), await tape.view('collectedSoFar', []), EUR);
    const { interest, principal } = figures(PERIOD_1);
    expect(total.value).toEqual(eur(interest + principal));
  });

  it('the period close proves the cash sent to the waterfall equals the committed total; an inflated close fails', async () => {
    const { interest, principal } = figures(PERIOD_1);
    // Before the period's end the close is refused.
    expect(outcome(await closePeriod(interest, principal))).toMatch(/^RT_ERR_REQUIRE_FAILED: the period ends on/);
    await advanceTo(PERIOD_ENDS[0] as string);
    // 500.00 more interest than the loan reports committed: the proof does not hold.
    const now = collected as SealedResult;
    const inflated = relationProofs(tapeArtifact, tape.address, [{ relation: 'now == interest + principal + recoveries', public: [eur(interest), eur(principal), eur(0n)], sealed: [opening(now)] }]);
    const bad = await servicer.signer.call(tape, 'closePeriod', [eur(interest + 500_00n), eur(principal), eur(0n), eur(0n)], { wait: true, proofs: inflated });
    expect(outcome(bad)).toMatch(/^RT_ERR_PROOF_INVALID/);
    expect(await tape.view('period', [PERIOD_ENDS[0]])).toBeUndefined();
    expect(await waterfall.view('collateralBalance', [])).toEqual(eur(POOL));

    expect(outcome(await closePeriod(interest, principal))).toBe('ok');
    atClose = collected;
    expect(await tape.view('period', [PERIOD_ENDS[0]])).toMatchObject({ interest: eur(interest), principal: eur(principal), reports: 3n, collected: now.commitment });
    expect(await waterfall.view('collateralBalance', [])).toEqual(eur(POOL - principal));
  });

  it("the waterfall's payments are proven equal to the committed collections; a certification against another total fails", async () => {
    const run = await waitForRun(PAYMENT_DATES[0] as string);
    const { interest, principal } = figures(PERIOD_1);
    expect(cents(run.cashIn)).toBe(interest + principal);
    // Conservation as the waterfall records it: cash in = everything the relation adds up.
    const [fees, ...rest] = paymentOperands(run).map(cents);
    const paid = (fees as bigint) + rest.slice(0, 7).reduce((s, c) => s + c, 0n) + (rest[7] as bigint) - (rest[8] as bigint);
    expect(paid).toBe(cents(run.cashIn));

    // The next period cannot close before this payment date is certified.
    for (const r of PERIOD_2) expect(outcome(await reportLoan(r))).toBe('ok');
    await advanceTo(PERIOD_ENDS[1] as string);
    const p2 = figures(PERIOD_2);
    expect(outcome(await closePeriod(p2.interest, p2.principal))).toMatch(/^RT_ERR_REQUIRE_FAILED: certify the payment date/);

    // Tampered: the servicer certifies against a total it made up to fit more cash (another
    // commitment than the one it closed the period with). Nothing is recorded.
    const made = sealValue({ ...POOL_FIELD(), type: EUR, value: eur(cents(run.cashIn) + 1_000_00n), keyVersion: 1, dataKey: new Uint8Array(32) });
    const tamperedRun = { ...run, residual: eur(cents(run.residual) + 1_000_00n) };
    const forged = certifyProofs(tamperedRun, made);
    expect(outcome(await servicer.signer.call(tape, 'certifyPayment', [PAYMENT_DATES[0]], { wait: true, proofs: forged }))).toMatch(/^RT_ERR_PROOF_INVALID/);
    // One cent more to class A against the real total: a false statement, which the prover refuses to prove.
    const skewed = certifyProofs({ ...run, principal: [eur(cents(run.principal[0] as Eur) + 1n), ...run.principal.slice(1)] }, atClose as SealedResult);
    expect(await codeOf(servicer.signer.call(tape, 'certifyPayment', [PAYMENT_DATES[0]], { wait: true, proofs: skewed }))).toBe('ZK_ERR_INVALID_ARGUMENT');
    expect(await tape.view('payment', [PAYMENT_DATES[0]])).toBeUndefined();

    // Honest: proven against the committed total at the period's close.
    const ok = await servicer.signer.call(tape, 'certifyPayment', [PAYMENT_DATES[0]], { wait: true, proofs: certifyProofs(run, atClose as SealedResult) });
    expect(outcome(ok)).toBe('ok');
    atPayment = atClose;
    expect(await tape.view('payment', [PAYMENT_DATES[0]])).toMatchObject({ cashIn: run.cashIn, periods: 1n, collected: atClose?.commitment });

    // The second window: close period 2 against the difference of the running totals, and the
    // trustee (granted the running total) certifies the next payment date from the chain alone.
    expect(outcome(await closePeriod(p2.interest, p2.principal))).toBe('ok');
    atClose = collected;
    const run2 = await waitForRun(PAYMENT_DATES[1] as string);
    expect(cents(run2.cashIn)).toBe(p2.interest + p2.principal);
    const nowOnChain = await trustee.reveal(POOL_FIELD(), await tape.view('collectedSoFar', []), EUR);
    const prevOnChain = await trustee.reveal(POOL_FIELD(), atPayment?.sealed, EUR);
    const trusteeProofs = relationProofs(tapeArtifact, tape.address, [{
      relation: relation('now - before == run.seniorFees'), public: paymentOperands(run2),
      sealed: [{ commitment: atClose?.commitment as string, opening: nowOnChain.opening as zk.Opening }, { commitment: atPayment?.commitment as string, opening: prevOnChain.opening as zk.Opening }],
    }]);
    expect(outcome(await trustee.signer.call(tape, 'certifyPayment', [PAYMENT_DATES[1]], { wait: true, proofs: trusteeProofs }))).toBe('ok');
    expect(await tape.view('payment', [PAYMENT_DATES[1]])).toMatchObject({ cashIn: run2.cashIn, periods: 1n });
  });
});
