/**
 * The demo's closing report: a statement per party and the conservation checks, every figure read
 * from the chain — contract views (`position`, `statementOf`, `remainingAggregate`, `lossUnder`,
 * `tranche`, the pool's `loan`, `report` and `balance`, the cash accounts' `balanceOf` and
 * `totalCash`, the settlement agents' `outstandingOf`, `totalPaid` and `paid`), committed state
 * (`s/reserve`, `s/poolBalance`, unpaid fees) and committed events (`events_get`) — in exact
 * minor units.
 *
 * Checks:
 * - ABS, every payment date: cash in = paid to fees and notes + reserve change + residual, and
 *   cash in = the pool's report for the period (interest + principal + prepayments + recoveries);
 *   every pool period rolls forward (start − principal − prepayments − defaults = end, start =
 *   the previous end); the pool balance = Σ loan balances = the waterfall's pool balance; charge-
 *   offs and recoveries agree between reports, events and loans; note balances and the reserve
 *   agree with the events.
 * - Reinsurance: each claim's recovery and each premium's cession and commission recomputed from
 *   the treaty terms; premiums, commissions and recoveries in the statements and cash calls add up
 *   to what was booked; each XoL layer's recoveries and reinstatement premium recomputed from the
 *   treaty's claims and the layer terms; every cash call and statement balance was paid by the
 *   settlement agent (nothing left outstanding); for each layer, Σ LayerPaid recoveries and
 *   reinstatement premiums = the layer's position() = the agent's paid() = cash moved under its
 *   mandates, nothing left outstanding; each party's cash lines add up to balanceOf(); per
 *   currency, total cash = deposits −
 *   withdrawals = Σ party balances, and each party's balance = its bookings ± its transfers.
 *
 * It does NOT trust the scenario's bookkeeping: only its inputs (terms, loan tape) are compared.
 * @module
 */
import type { ContractHandle, DecodedChainEvent } from '../../node/client/index.ts';
import { type DemoContext, who } from './context.ts';
import { type MoneyValue, cents, divHalfEven, fmtUnits, num, pad, sum } from './format.ts';
import type { Feed } from './network.ts';

type Data = Record<string, unknown>;
const c = (v: unknown): bigint => cents(v as MoneyValue);

/** Every committed event of a contract, decoded, in chain order. */
async function allEvents(h: ContractHandle): Promise<DecodedChainEvent[]> {
  const out: DecodedChainEvent[] = [];
  const seen = new Set<string>();
  let from = 0n;
  for (;;) {
    const page = await h.getEvents({ fromHeight: from, limit: 1000 });
    let fresh = 0;
    for (const e of page) {
      const k = `${e.height}/${e.txIndex}/${e.eventIndex}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(e);
      fresh++;
    }
    if (page.length < 1000 || fresh === 0) return out;
    from = (page[page.length - 1] as DecodedChainEvent).height;
  }
}

const data = (e: DecodedChainEvent): Data => e.data as Data;

/** Prints the statements and the checks; resolves true if every check passed. */
export async function reportAndCheck(ctx: DemoContext, feed: Feed): Promise<boolean> {
  const { log } = ctx;
  const contracts = ctx.contracts;
  if (contracts === undefined) throw new Error('nothing deployed');
  const { qs, xol, cash, agent, layerAgents, pool, abs } = contracts;
  let failed = ctx.failures.length;
  const results: string[] = [];
  const check = (ok: boolean, text: string): void => {
    if (!ok) failed++;
    results.push(`  ${ok ? '✓' : '✗'} ${text}`);
  };
  const state = async (h: ContractHandle, field: string): Promise<bigint> => {
    const v = (await ctx.client.getState(h.address, `s/${field}`)).value;
    return v === undefined ? 0n : c(JSON.parse(v));
  };
  const name = (a: string): string => who(ctx, a);
  const U = (x: bigint): string => fmtUnits(x, 'USD');
  const E = (x: bigint): string => fmtUnits(x, 'EUR');

  // ---- Chain data -----------------------------------------------------------------------------
  const qsEvents = await allEvents(qs);
  const claims = qsEvents.filter((e) => e.name === 'ClaimRecorded').map(data);
  const recoveries = qsEvents.filter((e) => e.name === 'RecoveryDue').map(data);
  const premiums = qsEvents.filter((e) => e.name === 'PremiumCeded').map(data);
  const layerEvents = await Promise.all(xol.map((h) => allEvents(h)));
  const agentEvents = await allEvents(agent);
  const made = agentEvents.filter((e) => e.name === 'SettlementMade').map(data);
  const shortfalls = agentEvents.filter((e) => e.name === 'SettlementOutstanding').map(data);
  const layerAgentEvents = await Promise.all(layerAgents.map((h) => allEvents(h)));
  const layerPaid = layerAgentEvents.map((evs) => evs.filter((e) => e.name === 'LayerPaid').map(data));
  const layerShortfalls = layerAgentEvents.map((evs) => evs.filter((e) => e.name === 'LayerPaymentOutstanding').map(data));
  const cashEvents = await allEvents(cash);
  const booked = cashEvents.filter((e) => e.name === 'CashBooked').map(data);
  const moved = cashEvents.filter((e) => e.name === 'CashMoved').map(data);
  const cashOf = async (party: string, ccy = 'USD'): Promise<bigint> => c(await cash.views.balanceOf(party, ccy));
  const poolEvents = await allEvents(pool);
  const reports = poolEvents.filter((e) => e.name === 'CollectionPeriodClosed').map((e) => data(e)['report'] as Data);
  const chargeOffs = poolEvents.filter((e) => e.name === 'LoanDefaulted').map(data);
  const boarded = poolEvents.filter((e) => e.name === 'LoanBoarded').map(data);
  const loans = (await Promise.all(ctx.tape.map((l) => pool.views.loan(l.id)))) as Data[];
  const absEvents = await allEvents(abs);
  const runs = absEvents.filter((e) => e.name === 'WaterfallRun').map(data);
  const classPayments = absEvents.filter((e) => e.name === 'ClassPayment').map(data);

  const quarterStarts = [...new Set(qsEvents.filter((e) => e.name === 'StatementRendered').map((e) => String((data(e)['statement'] as Data)['periodStart'])))];
  const statements = new Map<string, Data[]>();
  for (const { reinsurer } of ctx.treaty.lines) {
    const list: Data[] = [];
    for (const q of quarterStarts) {
      const s = (await qs.views.statementOf(reinsurer, q)) as Data | undefined;
      if (s !== undefined) list.push(s);
    }
    statements.set(reinsurer, list);
  }
  const positions = (await Promise.all(xol.map((h) => h.views.position()))) as Data[];

  // ---- Statements per party -------------------------------------------------------------------
  log('');
  log('══ Statements (from contract views, state and events) ══════════════════════════════════════');
  const grossPremium = sum(premiums.map((p) => c(p['grossPremium'])));
  const cededPremium = sum(premiums.map((p) => c(p['cededPremium'])));
  const commission = sum(premiums.map((p) => c(p['commission'])));
  const grossLoss = sum(claims.map((x) => c(x['grossLoss'])));
  const qsRecovered = sum(claims.map((x) => c(x['recovery'])));
  const xolRecovered = positions.map((p) => c(p['recovered']));
  const reinstatementPremium = positions.map((p) => c(p['reinstatementPremium']));
  const deposit = await Promise.all(xol.map((h) => state(h, 'depositPremium')));
  const col = (x: bigint): string => pad(num(x), 16);
  const line = (label: string, x: bigint, note = ''): void => log(`    ${label.padEnd(46)} ${col(x)}${note === '' ? '' : `  ${note}`}`);

  log('');
  log(`  ${name(ctx.cedent)} (cedent), USD`);
  line('gross premium written', grossPremium);
  line('ceded to the quota share', -cededPremium);
  line('ceding commission received', commission);
  ctx.layers.forEach((l, i) => line(`${l.label} deposit + reinstatement premium`, -((deposit[i] as bigint) + (reinstatementPremium[i] as bigint))));
  line('net premium', grossPremium - cededPremium + commission - sum(deposit) - sum(reinstatementPremium));
  line('gross claims paid', grossLoss);
  line('recovered from the quota share', -qsRecovered);
  ctx.layers.forEach((l, i) => line(`recovered from ${l.label}`, -(xolRecovered[i] as bigint)));
  line('net retained loss', grossLoss - qsRecovered - sum(xolRecovered));
  const paidBy = (from: string, kind: string, to?: string): bigint => sum(made.filter((x) => x['from'] === from && x['kind'] === kind && (to === undefined || x['to'] === to)).map((x) => c(x['amount'])));
  const paidTo = (to: string, kind: string): bigint => sum(made.filter((x) => x['to'] === to && x['kind'] === kind).map((x) => c(x['amount'])));
  const deposits = (party: string): bigint => sum(booked.filter((x) => x['party'] === party).map((x) => c(x['amount'])));
  /** Σ the layer agents' LayerPaid of a kind, from or to a party. */
  const layerFlow = (kind: string, key: 'from' | 'to', party: string): bigint =>
    sum(layerPaid.flat().filter((x) => x['kind'] === kind && x[key] === party).map((x) => c(x['amount'])));
  const cashStatementsOk: string[] = [];
  const cashLines = async (party: string): Promise<void> => {
    const isLayerReinsurer = ctx.layers.some((l) => l.reinsurer === party);
    const isQsReinsurer = ctx.treaty.lines.some((l) => l.reinsurer === party);
    const items: [string, bigint][] = [['cash account at Lakeside Custody: deposits', deposits(party)]];
    if (party === ctx.cedent) items.push(['  cash calls received', paidTo(party, 'cash-call')]);
    else if (isQsReinsurer) items.push(['  cash calls paid to the cedent', -paidBy(party, 'cash-call')]);
    if (party === ctx.cedent || isQsReinsurer) {
      items.push(['  statement balances received', paidTo(party, 'statement')]);
      items.push(['  statement balances paid', -paidBy(party, 'statement')]);
    }
    if (party === ctx.cedent) {
      items.push(['  XoL recoveries received', layerFlow('recovery', 'to', party)]);
      items.push(['  reinstatement premiums paid', -layerFlow('reinstatement-premium', 'from', party)]);
    } else if (isLayerReinsurer) {
      items.push(['  XoL recoveries paid to the cedent', -layerFlow('recovery', 'from', party)]);
      items.push(['  reinstatement premiums received', layerFlow('reinstatement-premium', 'to', party)]);
    }
    for (const [l, x] of items) line(l, x);
    const b = await cashOf(party);
    line('  = cash balance (balanceOf)', b);
    if (b !== sum(items.map(([, x]) => x))) cashStatementsOk.push(name(party));
  };
  await cashLines(ctx.cedent);

  const reinsurerNames = [...new Set([...ctx.treaty.lines.map((l) => l.reinsurer), ...ctx.layers.map((l) => l.reinsurer)])];
  for (const r of reinsurerNames) {
    log('');
    log(`  ${name(r)} (reinsurer), USD`);
    const line_ = ctx.treaty.lines.find((l) => l.reinsurer === r);
    if (line_ !== undefined) {
      const st = statements.get(r) ?? [];
      const cashCalls = sum(recoveries.filter((x) => x['reinsurer'] === r && x['cashCall'] === true).map((x) => c(x['amount'])));
      const premium = sum(st.map((s) => c(s['premium'])));
      const comm = sum(st.map((s) => c(s['commission'])));
      const stClaims = sum(st.map((s) => c(s['claims'])));
      line(`quota share ${line_.percent} % line: ceded premium`, premium);
      line('  ceding commission', -comm);
      line('  claims through the quarterly statements', -stClaims);
      line('  claims by cash call', -cashCalls);
      line('  = result of the year', premium - comm - stClaims - cashCalls);
      await cashLines(r);
    }
    if (line_ === undefined && ctx.openingCash.some(([p]) => p === r)) await cashLines(r);
    ctx.layers.forEach((l, i) => {
      if (l.reinsurer !== r) return;
      line(`${l.label}: deposit premium`, deposit[i] as bigint);
      line('  reinstatement premium', reinstatementPremium[i] as bigint);
      line('  recoveries due to the cedent', -(xolRecovered[i] as bigint));
      line('  cover remaining for the year', c(positions[i]?.['remainingCover']));
    });
  }

  log('');
  log(`  ${ctx.deal.name}, EUR`);
  const sumRuns = (f: string): bigint => sum(runs.map((x) => c(x[f])));
  for (const k of ctx.deal.classes) {
    const t = (await abs.views.tranche(k.id)) as Data;
    const pays = classPayments.filter((p) => p['classId'] === k.id);
    log(`    class ${k.id} noteholders (${k.coupon})  interest ${pad(num(sum(pays.map((p) => c(p['interest'])))), 13)}  principal ${pad(num(sum(pays.map((p) => c(p['principal'])))), 14)}  balance ${pad(num(c(t['balance'])), 14)}${c(t['interestShortfall']) > 0n ? `  unpaid interest ${num(c(t['interestShortfall']))}` : ''}`);
  }
  const unpaidFees = (await state(abs, 'unpaidTrusteeFee')) + (await state(abs, 'unpaidServicingFee'));
  log(`    trustee and servicer           senior fees ${pad(num(sumRuns('seniorFees')), 13)}${unpaidFees > 0n ? `  unpaid ${num(unpaidFees)}` : ''}`);
  log(`    ${`${ctx.deal.equity} (equity)`.padEnd(30)} residual    ${pad(num(sumRuns('residual')), 13)}`);
  const reserveNow = await state(abs, 'reserve');
  const poolNow = await state(abs, 'poolBalance');
  log(`    principal deficiency           ${E(await state(abs, 'principalDeficiency'))} of defaults not yet covered by excess spread`);
  log(`    liquidity reserve              ${E(ctx.deal.reserveTarget)} at closing → ${E(reserveNow)}`);
  const rsum = (k: string): bigint => sum(reports.map((r) => c(r[k])));
  const poolView = c(await pool.views.balance());
  const status = (s: string): number => loans.filter((l) => l['status'] === s).length;
  log(`    pool (LoanPool)                ${E(ctx.deal.pool)} at cut-off → ${E(poolView)}: ${boarded.length} loans boarded, ${status('performing')} performing, ${status('repaid')} repaid, ${status('defaulted')} defaulted`);
  log(`                                   collected: interest ${E(rsum('interest'))}, principal ${E(rsum('principal'))}, prepayments ${E(rsum('prepayments'))}`);
  log(`                                   charged off ${E(rsum('defaults'))} on ${chargeOffs.length} loans, recovered ${E(rsum('recoveries'))}`);

  // ---- ABS checks ---------------------------------------------------------------------------
  log('');
  log('══ Conservation checks ═════════════════════════════════════════════════════════════════════');
  log('');
  log(`  ABS, every payment date (EUR): cash in = senior fees + interest + principal + reserve change + residual`);
  log(`    ${'date'.padEnd(10)} ${pad('cash in', 14)} ${pad('fees', 11)} ${pad('interest', 12)} ${pad('principal', 14)} ${pad('reserve Δ', 11)} ${pad('residual', 12)}`);
  let periodsOk = 0;
  runs.forEach((r, i) => {
    const date = String(r['paymentDate']);
    const pays = classPayments.filter((p) => p['paymentDate'] === date);
    const interest = sum(pays.map((p) => c(p['interest'])));
    const principal = sum(pays.map((p) => c(p['principal'])));
    const cashIn = c(r['cashIn']);
    const out = c(r['seniorFees']) + interest + principal + c(r['reserveChange']) + c(r['residual']);
    const rep = reports[i];
    const reported = rep === undefined ? -1n : c(rep['interest']) + c(rep['principal']) + c(rep['prepayments']) + c(rep['recoveries']);
    const ok = cashIn === out && cashIn === reported && pays.length === 3;
    if (ok) periodsOk++;
    else failed++;
    log(`    ${date} ${pad(num(cashIn), 14)} ${pad(num(c(r['seniorFees'])), 11)} ${pad(num(interest), 12)} ${pad(num(principal), 14)} ${pad(num(c(r['reserveChange'])), 11)} ${pad(num(c(r['residual'])), 12)}  ${ok ? '✓ exact' : `✗ out ${num(out)}, reported ${num(reported)}`}`);
  });
  check(runs.length === ctx.deal.paymentDates.length && periodsOk === runs.length,
    `${periodsOk}/${ctx.deal.paymentDates.length} payment dates ran by themselves and conserve cash to the cent; each one's cash in = the pool's period report`);
  const totalIn = sumRuns('cashIn');
  const totalOut = sumRuns('seniorFees') + sum(classPayments.map((p) => c(p['interest']) + c(p['principal']))) + sumRuns('reserveChange') + sumRuns('residual');
  check(totalIn === totalOut, `the year: ${E(totalIn)} in = ${E(totalOut)} out, reserve change and residual`);
  let balancesOk = true;
  for (const k of ctx.deal.classes) {
    const t = (await abs.views.tranche(k.id)) as Data;
    const pays = classPayments.filter((p) => p['classId'] === k.id);
    const last = pays[pays.length - 1];
    if (k.balance - sum(pays.map((p) => c(p['principal']))) !== c(t['balance']) || c(t['interestShortfall']) !== (last === undefined ? 0n : c(last['interestShortfall']))) balancesOk = false;
  }
  check(balancesOk, 'note balances and unpaid interest (tranche views) = closing balances − principal paid in the events');
  check(reserveNow === ctx.deal.reserveTarget + sumRuns('reserveChange'), `reserve in state ${E(reserveNow)} = target + Σ reserve changes`);
  let rolls = 0;
  let previous = sum(boarded.map((b) => c(b['cutOffBalance'])));
  for (const r of reports) {
    const view = (await pool.views.report(String(r['periodEnd']))) as Data | undefined;
    const start = c(r['poolBalanceStart']);
    const end = c(r['poolBalanceEnd']);
    if (start === previous && end === start - c(r['principal']) - c(r['prepayments']) - c(r['defaults']) && view !== undefined && c(view['poolBalanceEnd']) === end) rolls++;
    previous = end;
  }
  check(reports.length === ctx.deal.paymentDates.length && rolls === reports.length,
    `pool: ${rolls}/${reports.length} periods closed by themselves and roll forward: start = previous end (cut-off = Σ ${boarded.length} boarded loans), end = start − principal − prepayments − defaults = report() view`);
  const loanBalances = sum(loans.map((l) => c(l['balance'])));
  check(poolView === previous && poolView === loanBalances && poolView === poolNow && poolView === ctx.deal.pool - rsum('principal') - rsum('prepayments') - rsum('defaults'),
    `pool balance() ${E(poolView)} = Σ ${loans.length} loan balances = the waterfall's pool balance = cut-off ${E(ctx.deal.pool)} − principal − prepayments − defaults`);
  const chargedOff = sum(loans.map((l) => c(l['chargedOff'])));
  const recovered = sum(loans.map((l) => c(l['recovered'])));
  check(rsum('defaults') === sum(chargeOffs.map((x) => c(x['chargeOff']))) && rsum('defaults') === chargedOff && rsum('recoveries') === recovered && loans.every((l) => c(l['recovered']) <= c(l['chargedOff'])),
    `charge-offs ${E(chargedOff)} (reports = LoanDefaulted events = loans) and recoveries ${E(recovered)} (reports = loans, none above its charge-off)`);

  for (const r of results.splice(0)) log(r);

  // ---- Reinsurance checks -----------------------------------------------------------------------
  log('');
  log('  Reinsurance (USD)');
  const t = ctx.treaty;
  let claimsOk = true;
  let remaining = t.aggregateLimit;
  for (const x of claims) {
    const expected = [divHalfEven((c(x['grossLoss']) < t.perRiskLimit ? c(x['grossLoss']) : t.perRiskLimit) * t.cessionPercent, 100n)].map((v) => (v < remaining ? v : remaining))[0] as bigint;
    remaining -= expected;
    const parts = sum(recoveries.filter((r) => r['claimId'] === x['claimId']).map((r) => c(r['amount'])));
    if (c(x['recovery']) !== expected || parts !== expected || c(x['grossLoss']) !== c(x['recovery']) + c(x['retained'])) claimsOk = false;
  }
  check(claimsOk, `${claims.length} claims: recovery = ${t.cessionPercent} % × min(gross, per-risk limit), recomputed; reinsurers' shares add up to it; gross = recovery + retained`);
  let premiumsOk = true;
  for (const p of premiums) {
    const ceded = divHalfEven(c(p['grossPremium']) * t.cessionPercent, 100n);
    if (c(p['cededPremium']) !== ceded || c(p['commission']) !== divHalfEven(ceded * t.commissionPercent, 100n)) premiumsOk = false;
  }
  check(premiumsOk, `${premiums.length} premium bookings: ceded = ${t.cessionPercent} % of gross, commission = ${t.commissionPercent} % of ceded, recomputed`);
  const allStatements = [...statements.values()].flat();
  const stPremium = sum(allStatements.map((s) => c(s['premium'])));
  const stCommission = sum(allStatements.map((s) => c(s['commission'])));
  check(stPremium === cededPremium && stCommission === commission,
    `premium: ${allStatements.length} quarterly statements carry ${U(stPremium)} ceded premium and ${U(stCommission)} commission = booked`);
  const stClaims = sum(allStatements.map((s) => c(s['claims'])));
  const cashCalls = sum(recoveries.filter((r) => r['cashCall'] === true).map((r) => c(r['amount'])));
  const remainingAggregate = c(await qs.views.remainingAggregate());
  check(stClaims + cashCalls === qsRecovered && t.aggregateLimit - remainingAggregate === qsRecovered,
    `claims: statements ${U(stClaims)} + cash calls ${U(cashCalls)} = quota share recoveries ${U(qsRecovered)} = aggregate limit − remaining ${U(remainingAggregate)}`);

  ctx.layers.forEach((l, i) => {
    const cover = l.aggregateLimit < l.limit * (1n + l.reinstatements) ? l.aggregateLimit : l.limit * (1n + l.reinstatements);
    const inLayer = (x: bigint): bigint => {
      const over = x - l.retention;
      return over <= 0n ? 0n : over < l.limit ? over : l.limit;
    };
    const losses = new Map<string, bigint>();
    let layerLosses = 0n;
    let recovered = 0n;
    for (const x of claims) {
      const key = String(x['eventId']);
      const before = losses.get(key) ?? 0n;
      const after = before + c(x['retained']);
      losses.set(key, after);
      layerLosses += inLayer(after) - inLayer(before);
      const net = layerLosses - l.aad;
      recovered = net <= 0n ? 0n : net < cover ? net : cover;
    }
    const reinstated = recovered < l.limit * l.reinstatements ? recovered : l.limit * l.reinstatements;
    const premium = divHalfEven(l.depositPremium * l.ratePercent * reinstated, 100n * l.limit);
    const evs = layerEvents[i] ?? [];
    const evRecovered = sum(evs.filter((e) => e.name === 'LayerRecovery').map((e) => c(data(e)['recovery'])));
    const evPremium = sum(evs.filter((e) => e.name === 'ReinstatementPremiumDue').map((e) => c(data(e)['premium'])));
    const pos = positions[i] as Data;
    check(c(pos['recovered']) === recovered && evRecovered === recovered && c(pos['reinstatementPremium']) === premium && evPremium === premium,
      `${l.label}: recoveries ${U(recovered)} and reinstatement premium ${U(premium)} recomputed from the treaty's claims and the layer terms = position() = its events`);
  });
  const keys = [...new Set(claims.map((x) => String(x['eventId'])))];
  const event = keys.find((k) => claims.filter((x) => x['eventId'] === k).length > 1);
  if (event !== undefined) {
    const retained = sum(claims.filter((x) => x['eventId'] === event).map((x) => c(x['retained'])));
    const under = await Promise.all(xol.map(async (h) => c(await h.views.lossUnder(event))));
    check(under.every((u) => u === retained), `event ${event}: each layer's lossUnder() = Σ retained of its ${claims.filter((x) => x['eventId'] === event).length} claims = ${U(retained)}`);
  }
  let settledOk = true;
  const lines: string[] = [];
  for (const { reinsurer } of t.lines) {
    const calls = sum(recoveries.filter((r) => r['reinsurer'] === reinsurer && r['cashCall'] === true).map((r) => c(r['amount'])));
    const stBalances = sum((statements.get(reinsurer) ?? []).map((s) => c(s['balance'])));
    const stPaid = paidBy(ctx.cedent, 'statement', reinsurer) - paidBy(reinsurer, 'statement');
    if (paidBy(reinsurer, 'cash-call') !== calls || stPaid !== stBalances) settledOk = false;
    lines.push(`${name(reinsurer)} ${U(calls)} cash calls, ${U(stBalances)} net statement balances`);
  }
  check(settledOk, `settlement agent: every cash call and statement balance paid through the cash accounts (${lines.join('; ')})`);
  const open = (await Promise.all(shortfalls.map((x) => agent.views.outstandingOf(String(x['reference']))))).filter((x) => x !== undefined);
  const retried = shortfalls.filter((x) => made.some((m) => m['reference'] === x['reference'])).length;
  check(shortfalls.length > 0 && open.length === 0 && retried === shortfalls.length,
    `${shortfalls.length} shortfall${shortfalls.length === 1 ? '' : 's'} recorded as outstanding, ${retried} paid on retry, ${open.length} still outstanding (outstandingOf)`);
  const totalPaid = c(await agent.views.totalPaid());
  check(totalPaid === sum(made.map((x) => c(x['amount']))) && totalPaid === sum(moved.filter((x) => x['by'] === agent.address).map((x) => c(x['amount']))),
    `settlement agent totalPaid() ${U(totalPaid)} = Σ its SettlementMade events = Σ cash moved under its mandates`);
  for (const [i, l] of ctx.layers.entries()) {
    const pos = positions[i] as Data;
    const h = layerAgents[i] as ContractHandle;
    const paidEv = layerPaid[i] ?? [];
    const rec = sum(paidEv.filter((x) => x['kind'] === 'recovery').map((x) => c(x['amount'])));
    const prem = sum(paidEv.filter((x) => x['kind'] === 'reinstatement-premium').map((x) => c(x['amount'])));
    const [viewRec, viewPrem] = ((await h.views.paid()) as MoneyValue[]).map((x) => c(x));
    const movedBy = sum(moved.filter((x) => x['by'] === h.address).map((x) => c(x['amount'])));
    const partiesOk = paidEv.every((x) => (x['kind'] === 'recovery' ? x['from'] === l.reinsurer && x['to'] === ctx.cedent : x['from'] === ctx.cedent && x['to'] === l.reinsurer));
    check(rec === c(pos['recovered']) && prem === c(pos['reinstatementPremium']) && viewRec === rec && viewPrem === prem && movedBy === rec + prem && partiesOk,
      `${l.label} settlement: Σ LayerPaid recoveries ${U(rec)} = position().recovered, Σ reinstatement premiums ${U(prem)} = position().reinstatementPremium = paid() = Σ cash moved under its mandates (${name(l.reinsurer)} ⇄ ${name(ctx.cedent)})`);
    const notices = layerShortfalls[i] ?? [];
    const stillOpen = (await Promise.all(notices.map((x) => h.views.outstandingOf(String(x['reference']))))).filter((x) => x !== undefined);
    const retriedHere = notices.filter((x) => paidEv.some((p) => p['reference'] === x['reference'])).length;
    check(stillOpen.length === 0 && retriedHere === notices.length,
      `${l.label} settlement: ${notices.length} payment${notices.length === 1 ? '' : 's'} recorded as outstanding, ${retriedHere} paid on retry, nothing outstanding (outstandingOf)`);
  }
  check(cashStatementsOk.length === 0,
    `cash statements above: for each of ${ctx.openingCash.length} parties, deposits ± cash calls, statement balances, XoL recoveries and reinstatement premiums = balanceOf()${cashStatementsOk.length > 0 ? `; not for ${cashStatementsOk.join(', ')}` : ''}`);
  const parties = [...new Set([...booked.map((x) => String(x['party'])), ...moved.flatMap((x) => [String(x['from']), String(x['to'])])])];
  for (const ccy of [...new Set(booked.map((x) => (x['amount'] as MoneyValue).currency))]) {
    const inCcy = (x: Data): boolean => (x['amount'] as MoneyValue).currency === ccy;
    const bookedIn = booked.filter(inCcy).map((x) => c(x['amount']));
    const dep = sum(bookedIn.filter((x) => x > 0n));
    const wd = -sum(bookedIn.filter((x) => x < 0n));
    const total = c(await cash.views.totalCash(ccy));
    const balances = await Promise.all(parties.map((p) => cashOf(p, ccy)));
    let partiesOk = true;
    parties.forEach((p, i) => {
      const expected = sum(booked.filter((x) => inCcy(x) && x['party'] === p).map((x) => c(x['amount'])))
        + sum(moved.filter((x) => inCcy(x) && x['to'] === p).map((x) => c(x['amount']))) - sum(moved.filter((x) => inCcy(x) && x['from'] === p).map((x) => c(x['amount'])));
      if (balances[i] !== expected) partiesOk = false;
    });
    check(total === dep - wd, `cash ${ccy}: totalCash() ${fmtUnits(total, ccy)} = deposits ${fmtUnits(dep, ccy)} − withdrawals ${fmtUnits(wd, ccy)}`);
    check(sum(balances) === total && partiesOk,
      `cash ${ccy}: Σ balanceOf() of ${parties.length} parties ${fmtUnits(sum(balances), ccy)} = totalCash(); each = its deposits ± ${moved.filter(inCcy).length} transfers (CashMoved)`);
  }
  check(grossLoss === qsRecovered + sum(xolRecovered) + (grossLoss - qsRecovered - sum(xolRecovered)) && sum(xolRecovered) <= sum(claims.map((x) => c(x['retained']))),
    `gross claims ${U(grossLoss)} = quota share ${U(qsRecovered)} + XoL ${U(sum(xolRecovered))} + net retained ${U(grossLoss - qsRecovered - sum(xolRecovered))}`);
  const failedRuns = feed.runs.filter((r) => r.receipt.status !== 'ok').length;
  check(failedRuns === 0 && ctx.failures.length === 0, `${feed.runs.length} trigger runs, none failed${ctx.failures.length > 0 ? `; problems: ${ctx.failures.join('; ')}` : ''}`);

  for (const r of results) log(r);
  log('');
  log(failed === 0 ? 'Conservation check: PASSED (every amount above is exact, from the chain)' : `Conservation check: FAILED (${failed} problems)`);
  return failed === 0;
}
