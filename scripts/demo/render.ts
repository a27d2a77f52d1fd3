/**
 * Renders the settlement feed for a reinsurance or ABS reader: each committed transaction (who
 * did what) and, marked ⚙, each trigger run the node executed by itself — which contract and
 * handler, why (a scheduled date, or another contract's event, named), the run's id, and what it
 * settled, with every amount taken from the receipts' events. Runs that settled nothing (a claim
 * below a layer's retention, a recovery that is not a cash call) are grouped on one line per block.
 *
 * The servicer's loan-level reports of a month are summed into one line (loans, interest,
 * principal, prepayments); defaults and recoveries are named loan by loan. Each pool period close
 * is checked on the spot (balance at start − principal − prepayments − defaults = balance at end),
 * and each waterfall run (cash in = paid out + reserve change + residual), to the cent, from the
 * runs' own events. Settlement agent payments show payer, payee, amount and whether they were
 * paid or recorded as outstanding; so do the layer settlement agents' recoveries and reinstatement
 * premiums (paid the block after the layer's run) and their retries.
 *
 * It does NOT submit anything or read state: it only reads what the feed hands it.
 * @module
 */
import type { ContractHandle, JsonValue } from '../../node/client/index.ts';
import { decodeValue } from '../../node/client/index.ts';
import { type DemoContext, who } from './context.ts';
import { type MoneyValue, cents, fmt, fmtUnits, num, pad } from './format.ts';
import type { FeedItem } from './network.ts';
import type { ServicerMonth } from './pool.ts';

type Data = Record<string, unknown>;
const m = (v: unknown): MoneyValue => v as MoneyValue;

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The feed's callbacks. */
export interface Renderer {
  onItem(item: FeedItem): void;
  onBlockEnd(height: bigint): void;
  /** The servicer is about to report this month (printed with its first transaction). */
  servicerMonth(month: ServicerMonth): void;
  /** Prints what is still summed up. */
  flush(): void;
}

export function createRenderer(ctx: DemoContext): Renderer {
  const log = ctx.log;
  let lastDate = '';
  let noOps: string[] = [];
  let sequential = false;
  let month: ServicerMonth | undefined;
  let monthShown = true;
  let collected: { loans: number; interest: bigint; principal: bigint; prepaid: bigint; full: string[]; part: number } | undefined;

  const handleOf = (address: string): ContractHandle | undefined => {
    const c = ctx.contracts;
    if (c === undefined) return undefined;
    return [c.qs, ...c.xol, c.cash, c.agent, ...c.layerAgents, c.pool, c.abs].find((h) => h.address === address);
  };
  const events = (item: FeedItem): { name: string; data: Data }[] =>
    item.receipt.events.map((e) => {
      const h = handleOf(e.contract);
      const data = (h === undefined ? e.data : h.decodeEvent(e).data) as Data;
      return { name: e.name, data };
    });
  const isLayerAgent = (address: string): boolean => ctx.contracts?.layerAgents.some((h) => h.address === address) === true;
  const label = (address: string): string => ctx.labels.get(address) ?? `${address.slice(0, 8)}…`;
  /** A reference with the addresses in it replaced by names. */
  const words = (text: unknown): string => String(text).replace(/\b[0-9a-f]{40}\b/g, (a) => who(ctx, a));
  const E = (x: bigint): string => fmtUnits(x, 'EUR');

  const showMonth = (): void => {
    if (monthShown || month === undefined) return;
    monthShown = true;
    const misses = [...month.events].filter(([, e]) => e.kind === 'miss').map(([id]) => id);
    log(`  Meridian Servicing reports month ${month.month} loan by loan (${month.note})${misses.length > 0 ? `; no payment from ${misses.join(', ')}` : ''}:`);
  };
  const flushCollections = (): void => {
    const c = collected;
    if (c === undefined) return;
    collected = undefined;
    log(`      ${c.loans} loans paid: interest ${E(c.interest)}, principal ${E(c.principal)}, prepayments ${E(c.prepaid)}${c.full.length > 0 ? ` (paid off early: ${c.full.join(', ')}${c.part > 0 ? `; ${c.part} partial` : ''})` : c.part > 0 ? ` (${c.part} partial)` : ''}`);
  };

  const header = (date: string): void => {
    if (date === lastDate) return;
    lastDate = date;
    const day = WEEKDAY[new Date(`${date}T00:00:00Z`).getUTCDay()];
    log('');
    log(`── ${day} ${date} ${'─'.repeat(64)}`);
  };

  /** What an `e:<id>:<index>` cause points at, in words. */
  const causeText = (cause: string): string => {
    if (cause.startsWith('d:')) return `scheduled date ${cause.slice(2)}`;
    const [, id = '', index = '0'] = cause.split(':');
    const source = itemsById.get(id);
    if (source === undefined) return `event ${index} of ${id.slice(0, 8)}`;
    const ev = source.receipt.events[Number(index)];
    const decoded = ev === undefined ? undefined : events({ ...source, receipt: { ...source.receipt, events: [ev] } })[0];
    const from = source.receipt.trigger === undefined ? `tx ${id.slice(0, 8)}` : `run ${id.slice(0, 8)}`;
    if (decoded === undefined) return `event ${index} of ${from}`;
    const d = decoded.data;
    const key = decoded.name === 'ClaimRecorded' ? ` ${String(d['claimId'])}`
      : decoded.name === 'RecoveryDue' ? ` ${String(d['claimId'])} (${who(ctx, String(d['reinsurer']))})`
      : decoded.name === 'LayerRecovery' || decoded.name === 'ReinstatementPremiumDue' ? ` ${String(d['lossKey'])}`
      : decoded.name === 'StatementRendered' ? ` (${who(ctx, String((d['statement'] as Data)['reinsurer']))})` : '';
    return `${decoded.name}${key} of ${label(ev?.contract ?? '')}, ${from}`;
  };
  const itemsById = new Map<string, FeedItem>();

  const balanceWords = (reinsurer: string, balance: MoneyValue): string => {
    const b = cents(balance);
    if (b === 0n) return 'balance nil, settled';
    return b > 0n ? `balance ${fmt(balance)} owed by ${who(ctx, reinsurer)}` : `balance ${fmtUnits(-b, balance.currency)} owed to ${who(ctx, reinsurer)}`;
  };

  const renderTx = (item: FeedItem): void => {
    const tx = item.tx;
    if (tx === undefined || tx.kind !== 'call') return;
    if (tx.entry !== 'reportCollection') flushCollections();
    const sender = who(ctx, tx.sender);
    const h = handleOf(tx.contract);
    if (h === undefined) {
      // The key registry (grants of sealed fields): the demo narrates those itself; failures count.
      if (item.receipt.status === 'failed') ctx.failures.push(`${sender}: ${tx.contract}.${tx.entry} FAILED ${item.receipt.error?.code ?? ''} ${item.receipt.error?.message ?? ''}`);
      return;
    }
    const entry = h.abi.entries.find((e) => e.name === tx.entry);
    const args = (entry?.params ?? []).map((p, i) => decodeValue(p.type, tx.args[i] as JsonValue, h.abi.types, p.name));
    const evs = events(item);
    if (item.receipt.status === 'failed') {
      const msg = `${sender}: ${label(tx.contract)}.${tx.entry} FAILED ${item.receipt.error?.code ?? ''} ${item.receipt.error?.message ?? ''}`;
      ctx.failures.push(msg);
      log(`  ✗ ${msg}`);
      return;
    }
    switch (tx.entry) {
      case 'recordPolicy': {
        const [id, , , , from, to] = args as [string, unknown, unknown, unknown, string, string];
        log(`  ${sender} cedes policy ${id} to the quota share, ${from} to ${to}: insured's name, sum insured and peril sealed (only commitments and ciphertext on chain)`);
        return;
      }
      case 'recordPremium':
        for (const e of evs.filter((x) => x.name === 'PremiumCeded')) {
          const gross = m(e.data['grossPremium']);
          const word = cents(gross) < 0n ? 'return premium' : 'premium';
          log(`  ${sender} books ${word} on ${String(e.data['policyId'])}: gross ${fmt(gross)} → ceded ${fmt(m(e.data['cededPremium']))}, ceding commission ${fmt(m(e.data['commission']))}`);
        }
        return;
      case 'recordClaim': {
        const claim = evs.find((x) => x.name === 'ClaimRecorded');
        if (claim === undefined) return;
        const d = claim.data;
        const event = String(d['eventId']) === String(d['claimId']) ? 'single risk' : `event ${String(d['eventId'])}`;
        log(`  ${sender} pays claim ${String(d['claimId'])} on ${String(d['policyId'])} (${event}, loss date ${String(d['lossDate'])}): gross ${fmt(m(d['grossLoss']))}, proven ≤ the sealed sum insured`);
        log(`      quota share recovery ${fmt(m(d['recovery']))}, cedent's retention ${fmt(m(d['retained']))}`);
        for (const r of evs.filter((x) => x.name === 'RecoveryDue')) {
          const cash = r.data['cashCall'] === true;
          log(`      ${pad(who(ctx, String(r.data['reinsurer'])), 12)} share ${pad(fmt(m(r.data['amount'])), 16)}  ${cash ? 'cash call: due at once' : 'to the quarterly account'}`);
        }
        return;
      }
      case 'deposit': {
        const [party, amount, reference] = args as [string, MoneyValue, string];
        log(`  ${sender} books a deposit of ${fmt(amount)} to ${who(ctx, party)}'s cash account (${reference})`);
        return;
      }
      case 'grantMandate': {
        const agent = label(String(args[0]));
        log(`  ${sender} grants the ${isLayerAgent(String(args[0])) ? agent : agent.toLowerCase()} agent a mandate to pay from its cash account`);
        return;
      }
      case 'retry':
        for (const e of evs.filter((x) => x.name === 'SettlementMade' || x.name === 'LayerPaid')) {
          const whose = e.name === 'LayerPaid' ? `the ${label(tx.contract)} agent` : 'the settlement agent';
          log(`  ${sender} asks ${whose} to retry "${words(e.data['reference'])}":`);
          log(`      paid: ${who(ctx, String(e.data['from']))} → ${who(ctx, String(e.data['to']))} ${fmt(m(e.data['amount']))} through the cash accounts; no longer outstanding`);
        }
        return;
      case 'reportCollection': {
        showMonth();
        const [id, interest, principal, prepayment] = args as [string, MoneyValue, MoneyValue, MoneyValue];
        const c = (collected ??= { loans: 0, interest: 0n, principal: 0n, prepaid: 0n, full: [], part: 0 });
        c.loans++;
        c.interest += cents(interest);
        c.principal += cents(principal);
        c.prepaid += cents(prepayment);
        const ev = month?.events.get(id);
        if (ev?.kind === 'prepay-full') c.full.push(id);
        else if (ev?.kind === 'prepay-part') c.part++;
        return;
      }
      case 'reportDefault':
        showMonth();
        log(`      ${String(args[0])} reported in default (${ctx.tape.find((l) => l.id === args[0])?.fleet === true ? 'dealer-group fleet customer' : 'borrower insolvent'}): charged off when the period closes`);
        return;
      case 'reportRecovery':
        showMonth();
        log(`      recovery on charged-off ${String(args[0])}: ${fmt(args[1] as MoneyValue)} (vehicle sold)`);
        return;
      default:
        log(`  ${sender}: ${label(tx.contract)}.${tx.entry}`);
    }
  };

  const renderWaterfall = (evs: { name: string; data: Data }[]): void => {
    const run = evs.find((e) => e.name === 'WaterfallRun');
    if (run === undefined) return;
    const r = run.data;
    const ccy = m(r['cashIn']).currency;
    const cashIn = cents(m(r['cashIn']));
    const fees = cents(m(r['seniorFees']));
    const reserve = cents(m(r['reserveChange']));
    const residual = cents(m(r['residual']));
    const col = (x: bigint): string => pad(num(x), 15);
    log(`      available funds   ${col(cashIn)}  ${ccy} (interest, principal and recoveries collected)`);
    log(`      senior fees       ${col(fees)}  trustee and servicer`);
    let paid = fees;
    for (const c of evs.filter((e) => e.name === 'ClassPayment')) {
      const id = String(c.data['classId']);
      const coupon = ctx.deal.classes.find((x) => x.id === id)?.coupon ?? '';
      const interest = cents(m(c.data['interest']));
      const principal = cents(m(c.data['principal']));
      const shortfall = cents(m(c.data['interestShortfall']));
      paid += interest + principal;
      log(`      class ${id} (${coupon})  interest ${pad(num(interest), 12)}  principal ${col(principal)}  → balance ${col(cents(m(c.data['balance'])))}${shortfall > 0n ? `  unpaid interest ${num(shortfall)} carried forward` : ''}`);
    }
    log(`      reserve account   ${col(reserve)}  ${reserve < 0n ? 'drawn to pay senior fees and class A interest' : reserve > 0n ? 'topped up towards its target' : 'at target, unchanged'}`);
    log(`      residual          ${col(residual)}  to the equity holder`);
    const isSequential = r['sequential'] === true;
    if (isSequential && !sequential) {
      const oc = ctx.lastOcRatio;
      const which = oc !== undefined && oc >= Number(ctx.deal.ocTrigger)
        ? `the interest-coverage test failed (revenue below ${ctx.deal.icTrigger} × senior fees and class A and B interest; over-collateralisation ${oc.toFixed(4)} passed)`
        : 'the over-collateralisation test failed';
      log(`      ! ${which}:`);
      log('        principal is now paid sequentially (A, then B, then C), for good');
    }
    else log(`      principal paid ${isSequential ? 'sequentially (A first)' : 'pro rata to the note balances'}`);
    sequential = isSequential;
    const ok = cashIn === paid + reserve + residual;
    if (!ok) ctx.failures.push(`waterfall ${String(r['paymentDate'])}: ${num(cashIn)} ≠ ${num(paid)} + ${num(reserve)} + ${num(residual)}`);
    log(`      ${ok ? '✓' : '✗'} cash in ${num(cashIn)} = paid out ${num(paid)} + reserve change ${num(reserve)} + residual ${num(residual)}`);
  };

  const renderClose = (evs: { name: string; data: Data }[]): void => {
    const closed = evs.find((e) => e.name === 'CollectionPeriodClosed');
    if (closed === undefined) return;
    const r = closed.data['report'] as Data;
    const v = (k: string): bigint => cents(m(r[k]));
    const col = (x: bigint): string => pad(num(x), 14);
    log(`      collection period ${String(r['periodStart'])} to ${String(r['periodEnd'])}, pool balance at start ${col(v('poolBalanceStart'))}`);
    log(`      interest          ${col(v('interest'))}  collected (scheduled ${num(v('scheduledInterest'))})`);
    log(`      principal         ${col(v('principal'))}  collected (scheduled ${num(v('scheduledPrincipal'))})`);
    log(`      prepayments       ${col(v('prepayments'))}`);
    const defaulted = evs.filter((e) => e.name === 'LoanDefaulted').map((e) => `${String(e.data['loanId'])} ${num(cents(m(e.data['chargeOff'])))}`);
    log(`      defaults          ${col(v('defaults'))}  charged off${defaulted.length > 0 ? `: ${defaulted.join(', ')}` : ''}`);
    log(`      recoveries        ${col(v('recoveries'))}`);
    const repaid = evs.filter((e) => e.name === 'LoanRepaid').map((e) => String(e.data['loanId']));
    log(`      pool balance end  ${col(v('poolBalanceEnd'))}  ${String(r['performingLoans'])} loans performing${repaid.length > 0 ? `, repaid: ${repaid.join(', ')}` : ''}; arrears: interest ${num(v('interestArrears'))}, principal ${num(v('principalArrears'))}`);
    const ok = v('poolBalanceStart') - v('principal') - v('prepayments') - v('defaults') === v('poolBalanceEnd');
    if (!ok) ctx.failures.push(`pool period ${String(r['periodEnd'])}: balance does not roll forward`);
    log(`      ${ok ? '✓' : '✗'} pool ${num(v('poolBalanceStart'))} − principal ${num(v('principal'))} − prepayments ${num(v('prepayments'))} − defaults ${num(v('defaults'))} = ${num(v('poolBalanceEnd'))}`);
    log(`      → reported to the waterfall in the same run: interest ${num(v('interest'))}, principal ${num(v('principal') + v('prepayments'))}, recoveries ${num(v('recoveries'))}, defaults ${num(v('defaults'))}`);
  };

  const renderRun = (item: FeedItem): void => {
    const t = item.receipt.trigger;
    if (t === undefined) return;
    const where = `${label(t.contract)} · ${t.handler}`;
    if (item.receipt.status === 'failed') {
      const msg = `${where} (${t.cause}) FAILED ${item.receipt.error?.code ?? ''}: ${item.receipt.error?.message ?? ''}`;
      ctx.failures.push(msg);
      log(`  ⚙ ✗ ${msg}`);
      return;
    }
    const evs = events(item);
    if (evs.length === 0) {
      const why = isLayerAgent(t.contract) ? 'nothing to pay'
        : t.handler === 'onRecovery' ? 'not a cash call, goes to the quarterly statement'
        : t.handler === 'onStatement' ? 'nil balance, nothing to pay'
        : t.handler === 'onQuotaShareClaim' ? 'no new recovery: under the retention or the AAD'
        : t.handler === 'renderAccounts' ? 'inception: the first accounting quarter opens' : 'nothing due';
      noOps.push(`${label(t.contract)}.${t.handler} (${why})`);
      return;
    }
    log(`  ⚙ AUTOMATIC  ${where} ← ${causeText(t.cause)}   [run ${item.receipt.txId.slice(0, 12)}, block ${item.height}]`);
    if (t.handler === 'distribute') {
      renderWaterfall(evs);
      return;
    }
    if (t.handler === 'closePeriod') {
      renderClose(evs);
      return;
    }
    const sameBlock = t.cause.startsWith('e:') && itemsById.get(t.cause.split(':')[1] ?? '')?.height === item.height;
    for (const e of evs) {
      const d = e.data;
      switch (e.name) {
        case 'StatementRendered': {
          const s = d['statement'] as Data;
          const bal = m(s['balance']);
          const b = cents(bal);
          log(`      statement ${String(s['periodStart'])} to ${String(s['periodEnd'])}, ${who(ctx, String(s['reinsurer']))}: premium ${num(cents(m(s['premium'])))}, commission ${num(cents(m(s['commission'])))}, claims ${num(cents(m(s['claims'])))}`);
          log(`          ${b === 0n ? 'nil balance' : `balance ${fmtUnits(b < 0n ? -b : b, bal.currency)} ${b > 0n ? 'due to the reinsurer' : 'due to the cedent'}`}`);
          break;
        }
        case 'SettlementMade': {
          const when = d['kind'] === 'cash-call' ? (sameBlock ? ', in the claim\'s own block' : '') : ', at quarter end';
          log(`      paid: ${who(ctx, String(d['from']))} → ${who(ctx, String(d['to']))} ${fmt(m(d['amount']))} through the cash accounts (${words(d['reference'])})${when}`);
          break;
        }
        case 'SettlementOutstanding': {
          const it = d['item'] as Data;
          log(`      ⚠ NOT PAID: ${who(ctx, String(it['from']))} → ${who(ctx, String(it['to']))} ${fmt(m(it['amount']))} (${words(d['reference'])}): ${String(it['reason'])}`);
          log('        recorded as outstanding by the settlement agent; anyone may ask it to retry');
          break;
        }
        case 'LayerPaid': {
          const what = d['kind'] === 'recovery' ? '' : ', reinstatement premium back to the reinsurer';
          log(`      paid: ${who(ctx, String(d['from']))} → ${who(ctx, String(d['to']))} ${fmt(m(d['amount']))} through the cash accounts (${words(d['reference'])})${what}, the block after the layer's run`);
          break;
        }
        case 'LayerPaymentOutstanding': {
          const it = d['item'] as Data;
          log(`      ⚠ NOT PAID: ${who(ctx, String(it['from']))} → ${who(ctx, String(it['to']))} ${fmt(m(it['amount']))} (${words(d['reference'])}): ${String(it['reason'])}`);
          log(`        recorded as outstanding by the ${label(t.contract)} agent; anyone may ask it to retry`);
          break;
        }
        case 'CashMoved':
          break;
        case 'BalanceChanged': {
          const mv = d['movement'] as Data;
          const r = String(d['reinsurer']);
          const kind = String(mv['kind']);
          const what = kind === 'statement' ? String(mv['reference']) : kind === 'cash-call' ? `cash call, ${String(mv['reference'])}` : `${kind}, ${String(mv['reference'])}`;
          log(`      ${who(ctx, r)} current account: ${what} ${cents(m(mv['amount'])) >= 0n ? '+' : ''}${num(cents(m(mv['amount'])))} → ${balanceWords(r, m(d['balance']))}`);
          break;
        }
        case 'LayerRecovery': {
          const layer = ctx.layers.find((l) => ctx.labels.get(t.contract) === l.label);
          log(`      ${layer === undefined ? 'reinsurer' : who(ctx, layer.reinsurer)} owes ${who(ctx, ctx.cedent)} a recovery of ${fmt(m(d['recovery']))} on ${String(d['lossKey'])} (loss to the layer now ${fmt(m(d['layerLoss']))})`);
          break;
        }
        case 'ReinstatementPremiumDue': {
          const layer = ctx.layers.find((l) => ctx.labels.get(t.contract) === l.label);
          log(`      ${who(ctx, ctx.cedent)} owes ${layer === undefined ? 'the reinsurer' : who(ctx, layer.reinsurer)} reinstatement premium ${fmt(m(d['premium']))} for ${fmt(m(d['reinstatedLimit']))} of limit reinstated (pro rata as to amount)`);
          break;
        }
        default:
          log(`      ${e.name}`);
      }
    }
  };

  return {
    onItem(item) {
      itemsById.set(item.receipt.txId, item);
      if (item.receipt.trigger !== undefined || item.date !== lastDate) flushCollections();
      header(item.date);
      if (item.receipt.trigger === undefined) renderTx(item);
      else renderRun(item);
    },
    servicerMonth(next) {
      flushCollections();
      month = next;
      monthShown = false;
    },
    flush() {
      flushCollections();
    },
    onBlockEnd() {
      if (noOps.length === 0) return;
      const counts = new Map<string, number>();
      for (const n of noOps) counts.set(n, (counts.get(n) ?? 0) + 1);
      log(`  ⚙ also ran, nothing to settle: ${[...counts].map(([n, k]) => (k > 1 ? `${n} ×${k}` : n)).join('; ')}`);
      noOps = [];
    },
  };
}
