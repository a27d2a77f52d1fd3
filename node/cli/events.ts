/**
 * `covenant events <address> [--name EVENT] [--from HEIGHT] [--follow] [--url URL] [--json]`:
 * prints the contract's committed events (from `--from`, default 0, in chain order, paging
 * through `events_get`), decoded by its ABI; with `--follow` then keeps printing new ones as they
 * commit (an `events` subscription) until Ctrl-C. The subscription is opened before the past
 * events are read, and events are printed once each by chain position, so nothing committed in
 * between is lost or repeated. `--json` prints one JSON object per line (data in its wire
 * encoding).
 *
 * It does NOT reconnect: if the node goes away while following, the command ends with
 * `NODE_ERR_UNREACHABLE` (exit 1).
 * @module
 */
import type { ChainEvent, ContractHandle } from '../client/index.ts';
import { type Io, URL_OPTIONS, UsageError, formatEvent, parseHeight, parseOptions, printJson, reportFailure } from './format.ts';
import { contractAt, withClient } from './session.ts';

const USAGE = 'usage: covenant events <address> [--name EVENT] [--from HEIGHT] [--follow] [--url URL] [--json]';
const PAGE = 1000;

/** Chain order of events: height, transaction index, event index. */
function after(a: ChainEvent, b: ChainEvent | undefined): boolean {
  if (b === undefined) return true;
  if (a.height !== b.height) return a.height > b.height;
  if (a.txIndex !== b.txIndex) return a.txIndex > b.txIndex;
  return a.eventIndex > b.eventIndex;
}

function printEvent(io: Io, contract: ContractHandle, e: ChainEvent, json: boolean): void {
  if (json) {
    printJson(io, { height: e.height.toString(), txIndex: e.txIndex, eventIndex: e.eventIndex, contract: e.contract, name: e.name, data: e.data });
    return;
  }
  let shown: { name: string; data: unknown; contract: string } = e;
  try {
    shown = contract.decodeEvent(e);
  } catch {
    // shown as sent
  }
  io.out(`block ${e.height} tx ${e.txIndex}  ${formatEvent(shown, contract.address)}\n`);
}

/** `covenant events …`; returns the exit status. */
export async function eventsCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, { ...URL_OPTIONS, name: { type: 'string' }, from: { type: 'string' }, follow: { type: 'boolean', short: 'f' } }, USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'events needs a contract address' : 'events takes one address', USAGE);
    const from = parseHeight('from', values.from, USAGE) ?? 0n;
    const name = values.name;
    return await withClient(values.url, io, async (client) => {
      const contract = await contractAt(client, positionals[0] as string);
      if (name !== undefined && !contract.abi.events.includes(name) && !json) {
        io.err(`note: ${contract.abi.contract} declares no event "${name}" (its events: ${contract.abi.events.join(', ') || 'none'})\n`);
      }
      // Live events wait here until the past ones are printed.
      const live: ChainEvent[] = [];
      let last: ChainEvent | undefined;
      let printing = false;
      const show = (e: ChainEvent): void => {
        if (e.height < from || (name !== undefined && e.name !== name) || !after(e, last)) return;
        last = e;
        printEvent(io, contract, e, json);
      };
      const subscription = values.follow === true
        ? await client.subscribeEvents(contract.address, {
          ...(name === undefined ? {} : { name }),
          onNotice: (e) => (printing ? show(e) : live.push(e)),
        })
        : undefined;
      let height = from;
      let seen: ChainEvent | undefined;
      for (;;) {
        const page = await client.getEvents(contract.address, { fromHeight: height, limit: PAGE });
        const fresh = page.filter((e) => after(e, seen));
        for (const e of fresh) show(e);
        if (page.length < PAGE || fresh.length === 0) break;
        seen = page[page.length - 1];
        height = (seen as ChainEvent).height;
      }
      if (subscription === undefined) {
        if (last === undefined && !json) io.err(`no events${name === undefined ? '' : ` named ${name}`} from height ${from}\n`);
        return 0;
      }
      for (const e of live.splice(0)) show(e);
      printing = true;
      if (!json) io.err('waiting for new events… (Ctrl-C to stop)\n');
      const stopped = new Promise<undefined>((resolve) => {
        if (io.signal === undefined) return;
        if (io.signal.aborted) resolve(undefined);
        io.signal.addEventListener('abort', () => resolve(undefined), { once: true });
      });
      const ended = await Promise.race([subscription.done, stopped]);
      if (ended !== undefined) throw ended;
      await subscription.unsubscribe();
      return 0;
    });
  } catch (e) {
    return reportFailure(io, 'events', e, json);
  }
}
