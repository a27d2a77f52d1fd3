/**
 * Renders the settlement feed for a reinsurance or ABS reader: each committed transaction (who
 * did what) and, marked ⚙, each trigger run the node executed by itself — which contract and
 * handler, why (a scheduled date, or another contract's event, named), the run's id, and what it
 * settled, with every amount taken from the receipts' events. Runs that settled nothing (a claim
 * below a layer's retention, a recovery that is not a cash call) are grouped on one line per block.
 *
 * Each waterfall run is also checked on the spot: cash in = paid out + reserve change + residual,
 * to the cent, from the run's own events.
 *
 * It does NOT submit anything or read state: it only reads what the feed hands it.
 * @module
 */
import type { ContractHandle, JsonValue } from '../../node/client/index.ts';
import { decodeValue } from '../../node/client/index.ts';
import { type DemoContext, who } from './context.ts';
import { type MoneyValue, cents, fmt, fmtUnits, num, pad } from './format.ts';
import type { FeedItem } from './network.ts';

type Data = Record<string, unknown>;
const m = (v: unknown): MoneyValue => v as MoneyValue;

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The feed's callbacks. */
export interface Renderer {
  onItem(item: FeedItem): void;
  onBlockEnd(height: bigint): void;
}

export function createRenderer(ctx: DemoContext): Renderer {
  const log = ctx.log;
  let lastDate = '';
  let noOps: string[] = [];
  let reportsSeen = 0;
  let sequential = false;

  const handleOf = (address: string): ContractHandle | undefined => {
    const c = ctx.contracts;
    if (c === undefined) return undefined;
    return [c.qs, ...c.xol, c.account, c.abs].find((h) => h.address === address);
  };
  const events = (item: FeedItem): { name: string; data: Data }[] =>
    item.receipt.events.map((e) => {
      const h = handleOf(e.contract);
      const data = (h === undefined ? e.data : h.decodeEvent(e).data) as Data;
      return { name: e.name, data };
    });
  const label = (address: string): string => ctx.labels.get(address) ?? `${address.slice(0, 8)}…`;

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
    const sender = who(ctx, tx.sender);
    const h = handleOf(tx.contract);
    if (h === undefined) return;
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
        const [id, , sum, from, to] = args as [string, unknown, MoneyValue, string, string];
        log(`  ${sender} cedes policy ${id} to the quota share: sum insured ${fmt(sum)}, ${from} to ${to} (insured's name sealed)`);
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
        log(`  ${sender} pays claim ${String(d['claimId'])} on ${String(d['policyId'])} (${event}, loss date ${String(d['lossDate'])}): gross ${fmt(m(d['grossLoss']))}`);
        log(`      quota share recovery ${fmt(m(d['recovery']))}, cedent's retention ${fmt(m(d['retained']))}`);
        for (const r of evs.filter((x) => x.name === 'RecoveryDue')) {
          const cash = r.data['cashCall'] === true;
          log(`      ${pad(who(ctx, String(r.data['reinsurer'])), 12)} share ${pad(fmt(m(r.data['amount'])), 16)}  ${cash ? 'cash call: due at once' : 'to the quarterly account'}`);
        }
        return;
      }
      case 'recordPayment':
        for (const e of evs.filter((x) => x.name === 'BalanceChanged')) {
          const r = String(e.data['reinsurer']);
          const mv = e.data['movement'] as Data;
          const amount = m(mv['amount']);
          const payer = cents(amount) > 0n ? ctx.names.get(ctx.cedent) ?? 'cedent' : who(ctx, r);
          const payee = cents(amount) > 0n ? who(ctx, r) : ctx.names.get(ctx.cedent) ?? 'cedent';
          log(`  ${payer} pays ${payee} ${fmtUnits(cents(amount) < 0n ? -cents(amount) : cents(amount), amount.currency)} (${String(mv['reference'])}) → ${balanceWords(r, m(e.data['balance']))}`);
        }
        return;
      case 'reportCollections': {
        const [interest, principal, recoveries, defaults] = args as MoneyValue[];
        const report = ctx.reports[reportsSeen++];
        const split = report === undefined ? '' : ` (scheduled ${num(report.scheduledPrincipal)} + prepayments ${num(report.prepayments)})`;
        log(`  ${sender} reports collections${report === undefined ? '' : ` for month ${report.month} (${report.note})`}:`);
        log(`      interest ${fmt(interest as MoneyValue)}, principal ${fmt(principal as MoneyValue)}${split},`);
        log(`      recoveries ${fmt(recoveries as MoneyValue)}, new defaults ${fmt(defaults as MoneyValue)}`);
        return;
      }
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
      const why = t.handler === 'onRecovery' ? 'not a cash call, goes to the quarterly statement'
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
      header(item.date);
      if (item.receipt.trigger === undefined) renderTx(item);
      else renderRun(item);
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
