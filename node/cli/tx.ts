/**
 * `covenant tx <id> [--url URL] [--json]`: where a transaction is, pending (in the mempool) or
 * committed with its block and receipt (events decoded by their contracts' ABIs); an unknown id
 * is `NODE_ERR_NOT_FOUND` (exit 1). And `covenant status [--url URL] [--json]`: the node's chain
 * id, head height, hash and time, mempool size, version and health.
 *
 * It does NOT wait for a pending transaction (submit with `call`/`deploy`, which wait by default).
 * @module
 */
import { type Io, URL_OPTIONS, UsageError, formatReceipt, parseOptions, printJson, receiptJson, reportFailure, resolveUrl, table } from './format.ts';
import { decodeReceiptEvents } from './call.ts';
import { withClient } from './session.ts';

const TX_USAGE = 'usage: covenant tx <id> [--url URL] [--json]';
const STATUS_USAGE = 'usage: covenant status [--url URL] [--json]';

/** `covenant tx …`; returns the exit status. */
export async function txCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, URL_OPTIONS, TX_USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${TX_USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('tx needs one transaction id', TX_USAGE);
    const id = (positionals[0] as string).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(id)) throw new UsageError(`${JSON.stringify(positionals[0])} is not a transaction id (64 hex digits)`, TX_USAGE);
    return await withClient(values.url, io, async (client) => {
      const found = await client.getTx(id);
      const tx = found.tx;
      if (tx === undefined) {
        // A trigger run: no transaction, the receipt says what ran and why.
        const t = found.status === 'committed' ? found.receipt.trigger : undefined;
        if (found.status !== 'committed' || t === undefined) throw new Error('the node answered a lookup without a transaction');
        const committed = { txId: id, height: found.height, index: found.index, receipt: found.receipt };
        const cause = t.cause.startsWith('d:') ? `scheduled for ${t.cause.slice(2)}` : `event ${t.cause.slice(2)}`;
        if (json) printJson(io, { ok: found.receipt.status === 'ok', kind: 'trigger', trigger: t, ...receiptJson(committed), txStatus: 'committed' });
        else io.out(`trigger ${t.contract}.${t.handler} (${cause}): committed\n${formatReceipt(committed, await decodeReceiptEvents(client, found.receipt), t.contract, [])}`);
        return 0;
      }
      const what = tx.kind === 'deploy' ? `deploy ${tx.artifact.contract}` : `call ${tx.contract}.${tx.entry}`;
      const nonce = tx.nonce.toString();
      if (found.status === 'pending') {
        if (json) printJson(io, { ok: true, txId: id, status: 'pending', kind: tx.kind, nonce });
        else io.out(`${what}: pending (in the mempool, not yet in a block)\n${table([['tx', id], ['nonce', nonce]])}`);
        return 0;
      }
      const committed = { txId: id, height: found.height, index: found.index, receipt: found.receipt };
      if (json) printJson(io, { ok: true, kind: tx.kind, nonce, ...receiptJson(committed), txStatus: 'committed' });
      else io.out(`${what}: committed\n${formatReceipt(committed, await decodeReceiptEvents(client, found.receipt), tx.kind === 'call' ? tx.contract : undefined, [['nonce', nonce]])}`);
      return 0;
    });
  } catch (e) {
    return reportFailure(io, 'tx', e, json);
  }
}

/** `covenant status …`; returns the exit status. */
export async function statusCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, URL_OPTIONS, STATUS_USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${STATUS_USAGE}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, STATUS_USAGE);
    const url = resolveUrl(values.url, io);
    return await withClient(url, io, async (client) => {
      const s = await client.status();
      if (json) {
        printJson(io, { ok: true, url, chainId: s.chainId, height: s.height.toString(), headHash: s.headHash, headTime: s.headTime.toString(), mempoolSize: s.mempoolSize, version: s.version, healthy: s.healthy });
      } else {
        io.out(`node at ${url}\n${table([
          ['chain', s.chainId],
          ['height', s.height.toString()],
          ['head', s.headHash],
          ['head time', new Date(Number(s.headTime)).toISOString()],
          ['mempool', `${s.mempoolSize} pending`],
          ['version', s.version],
          ['healthy', s.healthy ? 'yes' : 'no (block production halted; see the node log)'],
        ])}`);
      }
      return s.healthy ? 0 : 1;
    });
  } catch (e) {
    return reportFailure(io, 'status', e, json);
  }
}
