/**
 * The demo's closing report: a statement per party and the conservation checks, every figure read
 * from the chain — contract views (`position`, `balanceOf`, `movementsOf`, `statementOf`,
 * `remainingAggregate`, `lossUnder`, `tranche`), committed state (`s/reserve`, `s/poolBalance`,
 * unpaid fees) and committed events (`events_get`) — in exact minor units.
 *
 * Checks:
 * - ABS, every payment date: cash in = paid to fees and notes + reserve change + residual, and
 *   cash in = what the servicer reported for the period; over the year, note balances, the reserve
 *   and the pool balance in state agree with the events and the reports.
 * - Reinsurance: each claim's recovery and each premium's cession and commission recomputed from
 *   the treaty terms; premiums, commissions and recoveries in the statements and cash calls add up
 *   to what was booked; each XoL layer's recoveries and reinstatement premium recomputed from the
 *   treaty's claims and the layer terms; each current account balance equals its movements.
 *
 * It does NOT trust the scenario's bookkeeping: only its inputs (terms, reports) are compared.
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
  const { qs, xol, account, abs } = contracts;
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
  const accountEvents = (await allEvents(account)).map(data);
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
  for (const { reinsurer } of ctx.treaty.lines) {
    const b = c(await account.views.balanceOf(reinsurer));
    line(`current account with ${name(reinsurer)}`, b, b > 0n ? `owed by ${name(reinsurer)}` : b < 0n ? `owed to ${name(reinsurer)}` : 'settled');
  }

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
      const movements = (await account.views.movementsOf(r)) as Data[];
      const payments = movements.filter((mv) => mv['kind'] === 'payment').map((mv) => c(mv['amount']));
      line('  paid to the cedent', sum(payments.filter((x) => x < 0n).map((x) => -x)));
      line('  received from the cedent', -sum(payments.filter((x) => x > 0n)));
      const b = c(await account.views.balanceOf(r));
      line('  = current account (balanceOf)', -b, b < 0n ? 'due from the cedent' : b > 0n ? 'owed to the cedent' : 'settled');
    }
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
  log(`    pool                           ${E(ctx.deal.pool)} at closing → ${E(poolNow)}; defaults ${E(sum(ctx.reports.map((r) => r.defaults)))}, recoveries ${E(sum(ctx.reports.map((r) => r.recoveries)))}`);

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
    const rep = ctx.reports[i];
    const reported = rep === undefined ? -1n : rep.interest + rep.scheduledPrincipal + rep.prepayments + rep.recoveries;
    const ok = cashIn === out && cashIn === reported && pays.length === 3;
    if (ok) periodsOk++;
    else failed++;
    log(`    ${date} ${pad(num(cashIn), 14)} ${pad(num(c(r['seniorFees'])), 11)} ${pad(num(interest), 12)} ${pad(num(principal), 14)} ${pad(num(c(r['reserveChange'])), 11)} ${pad(num(c(r['residual'])), 12)}  ${ok ? '✓ exact' : `✗ out ${num(out)}, reported ${num(reported)}`}`);
  });
  check(runs.length === ctx.deal.paymentDates.length && periodsOk === runs.length,
    `${periodsOk}/${ctx.deal.paymentDates.length} payment dates ran by themselves and conserve cash to the cent; each period's cash in = the servicer's report`);
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
  const principalReported = sum(ctx.reports.map((r) => r.scheduledPrincipal + r.prepayments));
  const defaults = sum(ctx.reports.map((r) => r.defaults));
  check(poolNow === ctx.deal.pool - principalReported - defaults, `pool balance in state ${E(poolNow)} = closing pool − principal collected − defaults`);

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
  let accountsOk = true;
  for (const { reinsurer } of t.lines) {
    const statementsDue = -sum((statements.get(reinsurer) ?? []).map((s) => c(s['balance'])));
    const calls = sum(recoveries.filter((r) => r['reinsurer'] === reinsurer && r['cashCall'] === true).map((r) => c(r['amount'])));
    const payments = sum(accountEvents.filter((e) => e['reinsurer'] === reinsurer && (e['movement'] as Data)['kind'] === 'payment').map((e) => c((e['movement'] as Data)['amount'])));
    const movements = sum(((await account.views.movementsOf(reinsurer)) as Data[]).map((mv) => c(mv['amount'])));
    const balance = c(await account.views.balanceOf(reinsurer));
    if (balance !== statementsDue + calls + payments || balance !== movements) accountsOk = false;
  }
  check(accountsOk, 'current accounts: balance = −Σ statement balances + Σ cash calls ± payments (from the treaty\'s and the account\'s events) = Σ movementsOf()');
  check(grossLoss === qsRecovered + sum(xolRecovered) + (grossLoss - qsRecovered - sum(xolRecovered)) && sum(xolRecovered) <= sum(claims.map((x) => c(x['retained']))),
    `gross claims ${U(grossLoss)} = quota share ${U(qsRecovered)} + XoL ${U(sum(xolRecovered))} + net retained ${U(grossLoss - qsRecovered - sum(xolRecovered))}`);
  const failedRuns = feed.runs.filter((r) => r.receipt.status !== 'ok').length;
  check(failedRuns === 0 && ctx.failures.length === 0, `${feed.runs.length} trigger runs, none failed${ctx.failures.length > 0 ? `; problems: ${ctx.failures.join('; ')}` : ''}`);

  for (const r of results) log(r);
  log('');
  log(failed === 0 ? 'Conservation check: PASSED (every amount above is exact, from the chain)' : `Conservation check: FAILED (${failed} problems)`);
  return failed === 0;
}
