/**
 * `npm run demo`: a year of reinsurance and ABS settlement on a local Covenant network.
 *
 * Starts a single-validator devnet node in this process (temporary data directory, RPC on a free
 * port), compiles the example contracts and deploys them through the TypeScript client over
 * WebSocket: a quota share treaty with a two-reinsurer panel, an excess of loss programme of two
 * per-event layers listening to the treaty's claims, a custodian bank's settlement cash accounts
 * and the treaty's settlement agent (it pays cash calls and quarterly statement balances through
 * them), one layer settlement agent per XoL layer (it pays the layer's recoveries to the cedent and
 * the reinstatement premiums back to the reinsurer, the block after the layer works them out),
 * and an auto-loan ABS: a loan pool of 80 ACTUS loans connected to a waterfall with twelve monthly
 * payment dates. It then plays the year — policies and premiums, attritional claims, a
 * large fire loss, a hurricane with five losses, a quota share reinsurer and a layer reinsurer short
 * of cash (the cedent has funds wired and asks the agents to retry), and twelve months of
 * the servicer's loan-level reports with prepayments, a collection disruption, a default spike and
 * recoveries — moving the devnet clock forward (`client.advanceTime`) so the quarterly statements,
 * the pool's period ends and the payment dates fall due. It never calls a trigger: the node runs
 * them, and the demo prints each one from the committed blocks' receipts as it fires.
 *
 * It ends with a statement per party and the conservation checks, all read from chain state
 * (views, state, events), and exits 1 if any check fails. `main()` is exported for the test.
 *
 * It does NOT reach any network beyond 127.0.0.1, or keep anything: the data directory is removed.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ContractArtifact, compile, formatDiagnostic } from '../compiler/index.ts';
import {
  type ContractHandle, type SealedResult, type Signer, Sealer, createSigner, generateEncryptionKeyPair, generateKeyPair, money, relationProofs,
} from '../node/client/index.ts';
import { showPrivacy } from './demo/privacy.ts';
import { reportAndCheck } from './demo/checks.ts';
import type { DealTerms, DemoContext, LayerTerms, TreatyTerms } from './demo/context.ts';
import { type MoneyValue, cents, decimal, fmtUnits, num } from './demo/format.ts';
import { Feed, startDevnet } from './demo/network.ts';
import { loanTape, plan } from './demo/pool.ts';
import { createRenderer } from './demo/render.ts';

const ROOT = join(import.meta.dirname, '..');
const CONTRACT_FILES = [
  'contracts/reinsurance/quota-share.contract.ts',
  'contracts/reinsurance/excess-of-loss.contract.ts',
  'contracts/settlement/cash-accounts.contract.ts',
  'contracts/reinsurance/treaty-settlement.contract.ts',
  'contracts/reinsurance/layer-settlement.contract.ts',
  'contracts/abs/loan-pool.contract.ts',
  'contracts/abs/waterfall.contract.ts',
];

/** Options of {@link main}. */
export interface DemoOptions {
  /** Where lines go (default: stdout). */
  readonly log?: (line: string) => void;
}

const usd = (units: bigint) => money(decimal(units), 'USD');
const eur = (units: bigint) => money(decimal(units), 'EUR');
const $ = (dollars: number): bigint => BigInt(Math.round(dollars * 100));
type Data = Record<string, unknown>;

/** Compiles the example contracts; throws with the diagnostics if any. */
function compileContracts(): Map<string, ContractArtifact> {
  const result = compile({
    inputs: CONTRACT_FILES.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') })),
    readFile: (p) => {
      try {
        return readFileSync(join(ROOT, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  if (result.diagnostics.length > 0) {
    throw new Error(`the contracts do not compile:\n${result.diagnostics.map((d) => formatDiagnostic(d, (id) => result.files[id])).join('\n')}`);
  }
  return new Map(result.artifacts.map((a) => [a.contract, a]));
}

/** Runs the demo; resolves with the exit status (0: every check passed). */
export async function main(options: DemoOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = Date.now();

  const artifacts = compileContracts();
  const artifact = (name: string): ContractArtifact => {
    const a = artifacts.get(name);
    if (a === undefined) throw new Error(`contract ${name} missing`);
    return a;
  };

  const net = await startDevnet();
  const { client } = net;
  let feed: Feed | undefined;
  try {
    // ---- Parties ------------------------------------------------------------------------------
    const signer = (): Signer => createSigner(client, generateKeyPair());
    const cedent = signer();
    const atlas = signer();
    const borealis = signer();
    const cobalt = signer();
    const bank = signer();
    const servicer = signer();
    const originator = signer();
    const names = new Map<string, string>();
    for (const [s, n] of [[cedent, 'Harbour Mutual'], [atlas, 'Atlas Re'], [borealis, 'Borealis Re'], [cobalt, 'Cobalt Re'], [bank, 'Lakeside Custody'], [servicer, 'Meridian Servicing'], [originator, 'Meridian Finance']] as const) {
      names.set(s.address, n);
      names.set(s.publicKey, n);
    }

    // ---- Terms --------------------------------------------------------------------------------
    // The treaty year is next calendar year: the node's clock starts today and travels forward.
    const Y = new Date().getUTCFullYear() + 1;
    const d = (month: number, day: number, year = Y): string => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const inception = d(1, 1);
    const expiry = d(1, 1, Y + 1);
    const treaty: TreatyTerms = {
      cessionPercent: 40n, commissionPercent: 30n, perRiskLimit: $(1_000_000), aggregateLimit: $(5_000_000), cashLossLimit: $(100_000),
      lines: [{ reinsurer: atlas.address, percent: 25n }, { reinsurer: borealis.address, percent: 15n }],
    };
    const layers: LayerTerms[] = [
      { label: 'XoL layer 1', reinsurer: atlas.address, retention: $(500_000), limit: $(1_000_000), aad: $(250_000), aggregateLimit: $(2_000_000), reinstatements: 1n, ratePercent: 100n, depositPremium: $(45_000) },
      { label: 'XoL layer 2', reinsurer: cobalt.address, retention: $(1_500_000), limit: $(2_000_000), aad: 0n, aggregateLimit: $(4_000_000), reinstatements: 1n, ratePercent: 100n, depositPremium: $(30_000) },
    ];
    // Opening cash with the custodian (USD): the cedent, each quota share reinsurer and each layer reinsurer.
    const openingCash: [Signer, bigint][] = [[cedent, $(1_500_000)], [atlas, $(4_000_000)], [borealis, $(350_000)], [cobalt, $(600_000)]];
    const cutOff = d(1, 1);
    const periodEnds = Array.from({ length: 12 }, (_, i) => (i < 11 ? d(i + 2, 1) : d(1, 1, Y + 1)));
    const paymentDates = Array.from({ length: 12 }, (_, i) => (i < 11 ? d(i + 2, 15) : d(1, 15, Y + 1)));
    const tape = loanTape(Y);
    const months = plan(tape);

    log(`Covenant demo: a year of automatic reinsurance and ABS settlement on a local network`);
    log(`Single-validator devnet node started in-process, RPC ${net.url}, chain "${net.chainId}"; contracts compiled from ${CONTRACT_FILES.length} files.`);
    log('');
    log(`Quota share ${Y}, Harbour Mutual's property book: ${treaty.cessionPercent} % ceded (Atlas Re 25 %, Borealis Re 15 %), ceding commission ${treaty.commissionPercent} %,`);
    log(`  per-risk limit ${fmtUnits(treaty.perRiskLimit, 'USD')} (100 %), aggregate limit ${fmtUnits(treaty.aggregateLimit, 'USD')}, cash loss limit ${fmtUnits(treaty.cashLossLimit, 'USD')} per reinsurer, ${inception} to ${expiry}, quarterly accounts;`);
    log(`  cash calls and statement balances paid automatically through cash accounts at Lakeside Custody (the settlement agent holds the parties' mandates).`);
    for (const l of layers) {
      log(`${l.label}, per event, on the cedent's retention after the quota share: ${fmtUnits(l.limit, 'USD')} xs ${fmtUnits(l.retention, 'USD')}, 100 % ${names.get(l.reinsurer)},`);
      log(`  AAD ${fmtUnits(l.aad, 'USD')}, ${l.reinstatements} reinstatement at ${l.ratePercent} % (deposit premium ${fmtUnits(l.depositPremium, 'USD')}), aggregate limit ${fmtUnits(l.aggregateLimit, 'USD')}, losses occurring ${inception} to ${expiry};`);
      log(`  recoveries and reinstatement premiums paid automatically through the cash accounts by the layer's settlement agent (mandates from the cedent and ${names.get(l.reinsurer)}).`);
    }
    log('');

    // ---- Deploy ---------------------------------------------------------------------------------
    const labels = new Map<string, string>();
    const deploy = async (by: Signer, name: string, args: readonly unknown[], label: string): Promise<ContractHandle> => {
      const r = await by.deploy(artifact(name), args, { wait: true });
      const receipt = r.committed?.receipt;
      if (receipt?.status !== 'ok') throw new Error(`deploying ${name} failed: ${receipt?.error?.code ?? ''} ${receipt?.error?.message ?? ''}`);
      labels.set(r.address, label);
      log(`Deployed ${name.padEnd(20)} ${r.address}  ${label} (by ${names.get(by.address) ?? '?'}, block ${r.committed?.height ?? '?'})`);
      return r.contract;
    };
    /** Sends a batch of calls (admitted one after the other) and waits for the last to commit. */
    const sendAll = async (calls: readonly (readonly [ContractHandle, string, readonly unknown[]])[]): Promise<void> => {
      let last: string | undefined;
      for (const [h, entry, args] of calls) last = (await h.call(entry, args)).txId;
      if (last !== undefined) await client.waitForTx(last);
    };
    const send = async (h: ContractHandle, entry: string, ...args: unknown[]): Promise<void> => {
      const r = await h.call(entry, args, { wait: true });
      if (r.committed?.receipt.status !== 'ok') {
        const e = r.committed?.receipt.error;
        throw new Error(`${entry} failed: ${e?.code ?? ''} ${e?.message ?? ''}`);
      }
    };
    const cash = await deploy(bank, 'SettlementAccounts', [bank.address], 'Cash accounts');
    const qs = await deploy(cedent, 'QuotaShareTreaty', [
      cedent.address, treaty.lines.map((l) => ({ reinsurer: l.reinsurer, line: (Number(l.percent) / 100).toString() })), (Number(treaty.commissionPercent) / 100).toString(),
      usd(treaty.perRiskLimit), usd(treaty.aggregateLimit), usd(treaty.cashLossLimit), inception, expiry,
    ], 'Quota share');
    const xol: ContractHandle[] = [];
    for (const l of layers) {
      xol.push(await deploy(cedent, 'ExcessOfLossLayer', [
        cedent.address, l.reinsurer, qs.address, 'per-event', usd(l.retention), usd(l.limit), usd(l.aad), usd(l.aggregateLimit),
        l.reinstatements, (Number(l.ratePercent) / 100).toString(), usd(l.depositPremium), inception, expiry,
      ], l.label));
    }
    const agent = await deploy(cedent, 'TreatySettlement', [cedent.address, qs.address, cash.address], 'Treaty settlement');
    const layerAgents: ContractHandle[] = [];
    for (const [i, l] of layers.entries()) {
      const layer = xol[i] as ContractHandle;
      layerAgents.push(await deploy(cedent, 'LayerSettlement', [cedent.address, l.reinsurer, layer.address, cash.address], `${l.label} settlement`));
    }
    const pool = await deploy(originator, 'LoanPool', [originator.address, servicer.address, cutOff, periodEnds], 'Loan pool');
    // The originator boards the loan tape; the pool computes each loan's ACTUS schedule.
    const poolAsOriginator = pool.withSigner(originator);
    await sendAll(tape.map((l) => [poolAsOriginator, 'addLoan', [l.id, l.terms]] as const));
    const boarded = (await pool.getEvents({ fromHeight: 0n, limit: 1000 })).filter((e) => e.name === 'LoanBoarded').map((e) => e.data as Data);
    const poolBalance = cents((await pool.views.balance()) as MoneyValue);
    if (boarded.length !== tape.length) throw new Error(`boarded ${boarded.length} of ${tape.length} loans`);
    const pct = (units: bigint, p: bigint): bigint => ((units * p) / 100n / 100_000n) * 100_000n; // whole EUR 1,000s
    const deal: DealTerms = {
      name: `Meridian Auto ${Y}-1`, equity: 'Meridian Finance', closing: d(1, 15), paymentDates, pool: poolBalance,
      classes: [{ id: 'A', balance: pct(poolBalance, 78n), coupon: '3.00 %' }, { id: 'B', balance: pct(poolBalance, 9n), coupon: '5.00 %' }, { id: 'C', balance: pct(poolBalance, 5n), coupon: '8.00 %' }],
      reserveTarget: pct(poolBalance, 1n), ocTrigger: '1.05', icTrigger: '1.2',
    };
    const abs = await deploy(originator, 'AbsWaterfall', [
      pool.address, originator.address, deal.classes.map((c) => eur(c.balance)), ['0.03', '0.05', '0.08'], eur(deal.pool), eur(deal.reserveTarget),
      '0.0005', '0.01', deal.ocTrigger, deal.icTrigger, deal.closing, paymentDates,
    ], `ABS ${deal.name}`);
    await send(poolAsOriginator, 'connectWaterfall', abs.address);
    log(`Meridian Finance boarded ${boarded.length} loans into the pool and connected it to the waterfall (the pool is now the waterfall's only reporter).`);
    log('');

    const byType = new Map<string, { n: number; balance: bigint }>();
    for (const b of boarded) {
      const t = byType.get(String(b['contractType'])) ?? { n: 0, balance: 0n };
      byType.set(String(b['contractType']), { n: t.n + 1, balance: t.balance + cents(b['cutOffBalance'] as MoneyValue) });
    }
    const typeWords: Record<string, string> = { ANN: 'annuity', LAM: 'linear amortising', PAM: 'interest-only balloon', NAM: 'fixed instalment + balloon' };
    // Rates as the pool holds them (loan views), weighted by the cut-off balances it computed.
    const held = (await Promise.all(tape.map((l) => pool.views.loan(l.id)))) as { terms: { rate: string }; cutOffBalance: MoneyValue }[];
    const rates = held.map((l) => Number(l.terms.rate));
    const wac = held.reduce((a, l) => a + Number(l.terms.rate) * Number(cents(l.cutOffBalance)), 0) / Number(poolBalance);
    log(`${deal.name} auto-loan ABS, cut-off ${cutOff}, closing ${deal.closing}: pool of ${boarded.length} loans, ${fmtUnits(poolBalance, 'EUR')} (LoanPool balance()), WAC ${(wac * 100).toFixed(2)} %, rates ${(Math.min(...rates) * 100).toFixed(2)} % to ${(Math.max(...rates) * 100).toFixed(2)} %:`);
    for (const [t, v] of [...byType].sort((a, b) => b[1].n - a[1].n)) log(`  ${String(v.n).padStart(2)} × ACTUS ${t}  ${(typeWords[t] ?? t).padEnd(28)} ${fmtUnits(v.balance, 'EUR').padStart(16)}`);
    log(`  notes: ${deal.classes.map((c) => `class ${c.id} ${fmtUnits(c.balance, 'EUR')} at ${c.coupon}`).join(', ')};`);
    log(`  liquidity reserve ${fmtUnits(deal.reserveTarget, 'EUR')}, fees 0.05 % trustee + 1.00 % servicing, OC trigger ${deal.ocTrigger}, IC trigger ${deal.icTrigger};`);
    log(`  collection periods end on the 1st (the pool closes them and reports to the waterfall by itself), payment dates on the 15th.`);

    const ctx: DemoContext = {
      client, log, names, labels, cedent: cedent.address, treaty, layers, deal, tape, months, openingCash: openingCash.map(([s, u]) => [s.address, u]),
      contracts: { qs, xol, cash, agent, layerAgents, pool, abs }, lastOcRatio: undefined, failures: [],
    };
    const renderer = createRenderer(ctx);
    feed = new Feed(client, (item) => renderer.onItem(item), (h) => renderer.onBlockEnd(h));
    await feed.start();
    const f = feed;

    // ---- Cash accounts: opening deposits and mandates ------------------------------------------------
    const as = (h: ContractHandle, s: Signer): ContractHandle => h.withSigner(s);
    const cashAsBank = as(cash, bank);
    for (const [s, units] of openingCash) await send(cashAsBank, 'deposit', s.address, usd(units), 'opening balance');
    for (const [s] of openingCash) if (treaty.lines.some((l) => l.reinsurer === s.address) || s === cedent) await send(as(cash, s), 'grantMandate', agent.address);
    // Each layer's agent: a mandate from the cedent and one from the layer's reinsurer.
    const signerOf = new Map(openingCash.map(([s]) => [s.address, s]));
    for (const [i, l] of layers.entries()) {
      const reinsurer = signerOf.get(l.reinsurer);
      if (reinsurer === undefined) throw new Error(`${l.label}: the reinsurer has no cash account`);
      await send(as(cash, cedent), 'grantMandate', (layerAgents[i] as ContractHandle).address);
      await send(as(cash, reinsurer), 'grantMandate', (layerAgents[i] as ContractHandle).address);
    }
    await f.settled();

    // ---- Scenario -------------------------------------------------------------------------------
    const qsCedent = as(qs, cedent);
    // Sealed policy data (docs/privacy.md): the cedent seals each policy's insured name, sum insured
    // and peril under data keys registered in the node's key registry, and grants the risk fields
    // (sum insured, peril) to the panel; the treaty's mayGrant view allows nothing else.
    const sealers = new Map([cedent, atlas, borealis].map((s) => [s.address, new Sealer(s, generateEncryptionKeyPair())]));
    const cedentSealer = sealers.get(cedent.address) as Sealer;
    for (const s of sealers.values()) await s.publishKey({ wait: true });
    const sumInsuredOf = new Map<string, SealedResult>();
    const STRING = { kind: 'string' } as const;
    const USD_TYPE = { kind: 'money', currency: 'USD' } as const;
    const insured: Record<string, [string, string]> = {
      'P-101': ['Quayside Cold Storage plc', 'fire / cold store'], 'P-102': ['Northgate Mall Holdings', 'fire, windstorm / retail'],
      'P-103': ['Riverbend Paper Mill Ltd', 'fire / paper mill'], 'P-104': ['Saltmarsh Logistics LLC', 'windstorm / warehouse'],
      'P-105': ['Old Harbour Hotel Inc', 'windstorm / hotel'], 'P-106': ['Ironworks Foundry Co', 'fire / metalworks'],
      'P-107': ['Pinecrest Data Centre', 'fire, flood / data centre'],
    };
    const policy = (id: string, sumInsured: number, premium: number, from: string) => async (): Promise<void> => {
      const [y, mo, dd] = from.split('-');
      const [name, peril] = insured[id] ?? ['Unknown', 'fire'];
      const rec = { contract: qs.address, record: `policy/${id}` };
      const sealedName = await cedentSealer.seal({ ...rec, field: 'insuredName' }, STRING, name);
      const sealedSum = await cedentSealer.seal({ ...rec, field: 'sumInsured' }, USD_TYPE, usd($(sumInsured)));
      const sealedPeril = await cedentSealer.seal({ ...rec, field: 'peril' }, STRING, peril);
      sumInsuredOf.set(id, sealedSum);
      await send(qsCedent, 'recordPolicy', id, sealedName.sealed, sealedSum.sealed, sealedPeril.sealed, from, `${Number(y) + 1}-${mo}-${dd}`);
      for (const l of treaty.lines) for (const field of ['sumInsured', 'peril']) await cedentSealer.grant({ ...rec, field }, l.reinsurer);
      await send(qsCedent, 'recordPremium', id, usd($(premium)));
    };
    const returnPremium = (id: string, amount: number) => () => send(qsCedent, 'recordPremium', id, usd(-$(amount)));
    // Each claim carries the cedent's zero-knowledge proof that the loss is within the policy's sealed sum insured.
    const claim = (id: string, policyId: string, eventId: string, lossDate: string, gross: number) => async (): Promise<void> => {
      const si = sumInsuredOf.get(policyId) as SealedResult;
      const proofs = relationProofs(artifact('QuotaShareTreaty'), qs.address, [
        { relation: 'grossLoss <= policy.sumInsured', public: [usd($(gross))], sealed: [{ commitment: si.commitment as string, opening: si.opening as NonNullable<SealedResult['opening']> }] },
      ]);
      const r = await qsCedent.call('recordClaim', [id, policyId, eventId, lossDate, usd($(gross))], { wait: true, proofs });
      if (r.committed?.receipt.status !== 'ok') throw new Error(`recordClaim failed: ${r.committed?.receipt.error?.code ?? ''} ${r.committed?.receipt.error?.message ?? ''}`);
    };
    /**
     * The cedent chases what the settlement agents (treaty and layers) could not pay: the payer's
     * bank wires what is missing (and a margin for the coming statements) to its cash account, and
     * the cedent asks the agent to retry (references and amounts read from the chain).
     */
    const chaseOutstanding = async (): Promise<void> => {
      for (const [h, notice] of [[agent, 'SettlementOutstanding'], ...layerAgents.map((a) => [a, 'LayerPaymentOutstanding'] as const)] as const) {
        const evs = (await h.getEvents({ fromHeight: 0n, limit: 1000 })).filter((e) => e.name === notice);
        for (const e of evs) {
          const reference = String((e.data as Data)['reference']);
          const item = (await h.views.outstandingOf(reference)) as Data | undefined;
          if (item === undefined) continue;
          const from = String(item['from']);
          const amount = cents(item['amount'] as MoneyValue);
          const have = cents((await cash.views.balanceOf(from, 'USD')) as MoneyValue);
          // What is missing, rounded up to USD 10,000, and USD 250,000 more for the coming statements.
          if (have < amount) await send(cashAsBank, 'deposit', from, usd(((amount - have + 999_999n) / 1_000_000n) * 1_000_000n + 25_000_000n), `funds received from ${names.get(from) ?? 'the payer'}`);
          await send(as(h, cedent), 'retry', reference);
        }
      }
    };

    // The servicer: reads what each loan owes from the pool and reports what the borrower paid.
    const poolAsServicer = as(pool, servicer);
    const servicerMonth = (m: number) => async (): Promise<void> => {
      const month = months[m - 1];
      if (month === undefined) return;
      renderer.servicerMonth(month);
      const collections: (readonly [ContractHandle, string, readonly unknown[]])[] = [];
      const others: (readonly [ContractHandle, string, readonly unknown[]])[] = [];
      for (const l of tape) {
        const loan = (await pool.views.loan(l.id)) as Data;
        const ev = month.events.get(l.id);
        if (loan['status'] === 'defaulted') {
          if (ev?.kind === 'recover') {
            const amount = (cents(loan['chargedOff'] as MoneyValue) * BigInt(ev.percent)) / 100n;
            others.push([poolAsServicer, 'reportRecovery', [l.id, eur(amount)]]);
          }
          continue;
        }
        if (loan['status'] !== 'performing') continue;
        if (ev?.kind === 'default') {
          others.push([poolAsServicer, 'reportDefault', [l.id]]);
          continue;
        }
        if (ev?.kind === 'miss') continue;
        const due = (await pool.views.dueThisPeriod(l.id)) as Data;
        const balance = cents(loan['balance'] as MoneyValue);
        const interestOwed = cents(due['interest'] as MoneyValue) + cents(loan['interestArrears'] as MoneyValue);
        const principal = cents(due['principal'] as MoneyValue) + balance - cents(loan['contractualBalance'] as MoneyValue);
        const interest = (interestOwed * BigInt(month.interestPercent)) / 100n;
        const rest = balance - principal;
        const prepayment = ev?.kind === 'prepay-full' ? rest : ev?.kind === 'prepay-part' ? ((rest * BigInt(ev.percent)) / 100n / 10_000n) * 10_000n : 0n;
        if (interest === 0n && principal === 0n && prepayment === 0n) continue;
        collections.push([poolAsServicer, 'reportCollection', [l.id, eur(interest), eur(principal), eur(prepayment)]]);
      }
      await sendAll([...collections, ...others]);
    };

    const H = 'HU-' + Y + '-DELIA';
    const actions: [string, () => Promise<void>][] = [
      [d(1, 4), policy('P-101', 8_000_000, 96_000, d(1, 4))],
      [d(1, 4), policy('P-102', 12_000_000, 150_000, d(1, 4))],
      [d(1, 4), policy('P-103', 6_000_000, 84_000, d(1, 4))],
      [d(1, 4), policy('P-104', 4_500_000, 63_000, d(1, 4))],
      [d(1, 4), policy('P-105', 3_000_000, 51_000, d(1, 4))],
      [d(2, 22), claim('C-001', 'P-103', 'C-001', d(2, 18), 42_500)],
      [d(3, 9), claim('C-002', 'P-101', 'C-002', d(3, 2), 18_900)],
      [d(4, 20), policy('P-106', 5_000_000, 90_000, d(4, 20))],
      [d(4, 20), policy('P-107', 9_000_000, 108_000, d(4, 20))],
      [d(5, 12), claim('C-003', 'P-106', 'C-003', d(5, 8), 1_600_000)],
      [d(6, 18), claim('C-004', 'P-102', 'C-004', d(6, 11), 27_300)],
      [d(9, 6), claim('C-005', 'P-101', H, d(8, 29), 780_000)],
      [d(9, 6), claim('C-006', 'P-103', H, d(8, 29), 640_000)],
      [d(9, 6), claim('C-007', 'P-104', H, d(8, 29), 910_000)],
      [d(9, 20), claim('C-008', 'P-105', H, d(8, 30), 455_000)],
      [d(9, 20), claim('C-009', 'P-102', H, d(8, 29), 1_150_000)],
      [d(9, 27), chaseOutstanding],
      [d(10, 20), returnPremium('P-105', 12_750)],
      [d(11, 16), claim('C-010', 'P-107', 'C-010', d(11, 12), 35_600)],
      [d(12, 8), claim('C-011', 'P-106', 'C-011', d(12, 3), 12_400)],
      [d(12, 22), chaseOutstanding], // before the year ends: anything left outstanding since September
      ...months.map((mo): [string, () => Promise<void>] => [d(mo.month, 25), servicerMonth(mo.month)]),
    ];
    const quarterEnds = [d(1, 1), d(4, 1), d(7, 1), d(10, 1), d(1, 1, Y + 1)];
    const scheduled: { date: string; contract: string; handler: string }[] = [
      ...quarterEnds.map((date) => ({ date, contract: qs.address, handler: 'renderAccounts' })),
      ...periodEnds.map((date) => ({ date, contract: pool.address, handler: 'closePeriod' })),
      ...paymentDates.map((date) => ({ date, contract: abs.address, handler: 'distribute' })),
    ];
    const stops = [...new Set([...actions.map(([date]) => date), ...scheduled.map((s) => s.date)])].sort();

    for (const stop of stops) {
      // Devnet time travel: move the proposer clock to 06:00 UTC on the stop's date.
      const now = await client.advanceTime(0n);
      const target = BigInt(Date.parse(`${stop}T06:00:00Z`));
      if (target > now) await client.advanceTime(target - now);
      for (const s of scheduled.filter((x) => x.date <= stop)) await f.untilScheduled(s.contract, s.handler, s.date);
      await f.settled();
      if (periodEnds.includes(stop)) {
        // The over-collateralisation test as the next payment date will see it, from chain state.
        const p = cents(JSON.parse((await client.getState(abs.address, 's/poolBalance')).value ?? 'null') as MoneyValue);
        const a = (await abs.views.tranche('A')) as { balance: MoneyValue };
        const b = (await abs.views.tranche('B')) as { balance: MoneyValue };
        const ratio = Number((p * 10_000n) / (cents(a.balance) + cents(b.balance))) / 10_000;
        ctx.lastOcRatio = ratio;
        log(`      waterfall's pool balance now EUR ${num(p)}: over-collateralisation test pool ÷ (A + B) = ${ratio.toFixed(4)} (trigger ${deal.ocTrigger})`);
      }
      for (const [date, action] of actions) {
        if (date !== stop) continue;
        await action();
        await f.settled();
      }
    }
    await f.settled();
    renderer.flush();
    await f.stop();

    // ---- Sealed data: who can read what ---------------------------------------------------------
    await showPrivacy({ ctx, qs, qsArtifact: artifact('QuotaShareTreaty'), cedent: cedentSealer, reinsurer: sealers.get(atlas.address) as Sealer, sumInsuredOf, insured });

    // ---- Statements and checks ------------------------------------------------------------------
    const ok = await reportAndCheck(ctx, f);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log('');
    log(`${f.runs.length} automatic trigger runs in ${(await client.status()).height} blocks; ${ok ? 'all checks passed' : 'CHECKS FAILED'} (${seconds} s).`);
    return ok ? 0 : 1;
  } finally {
    await feed?.stop().catch(() => undefined);
    await net.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    process.stderr.write(`demo failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
