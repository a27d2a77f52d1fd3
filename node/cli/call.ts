/**
 * `covenant call <address> <entry> [ARG…] [--key NAME] [--keys-dir DIR] [--url URL] [--gas N]
 * [--no-wait] [--json]`: fetches the contract's ABI (`contract_code`), converts each ARG by its
 * parameter's type (`args.ts`; a bad one is `NODE_ERR_BAD_ARGUMENTS` naming the parameter, before
 * anything is signed), signs with the keystore key, submits with `wait` and prints the receipt:
 * status, block, gas used, the error code, message and source location of a failure, and the
 * events decoded by their contracts' ABIs. Exit 1 when the transaction failed.
 *
 * It does NOT run views (`covenant query` does) or resubmit after a lost answer.
 * @module
 */
import type { CovenantClient, DecodedEvent } from '../client/index.ts';
import type { Receipt } from '../types/index.ts';
import { encodeCliArgs, entryOf } from './args.ts';
import { DEFAULT_KEY, type Io, SIGN_OPTIONS, UsageError, formatReceipt, parseGas, parseOptions, printJson, receiptJson, reportFailure } from './format.ts';
import { addressResolver, contractAt, keyOf, signerOf, withClient } from './session.ts';

const USAGE = 'usage: covenant call <address> <entry> [ARG…] [--key NAME] [--url URL] [--gas N] [--no-wait] [--json]';

/**
 * The receipt's events decoded by the ABI of the contract that emitted each (fetched once per
 * contract); an event whose contract cannot be read is shown as sent.
 */
export async function decodeReceiptEvents(client: CovenantClient, receipt: Receipt): Promise<DecodedEvent[]> {
  const handles = new Map<string, Awaited<ReturnType<CovenantClient['contractAt']>> | undefined>();
  const out: DecodedEvent[] = [];
  for (const e of receipt.events) {
    if (!handles.has(e.contract)) handles.set(e.contract, await client.contractAt(e.contract).catch(() => undefined));
    const h = handles.get(e.contract);
    let decoded: DecodedEvent = { ...e, decoded: false };
    if (h !== undefined) {
      try {
        decoded = h.decodeEvent(e);
      } catch {
        // left as sent
      }
    }
    out.push(decoded);
  }
  return out;
}

/** `covenant call …`; returns the exit status. */
export async function callCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, SIGN_OPTIONS, USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const [address, entry, ...texts] = positionals;
    if (address === undefined || entry === undefined) throw new UsageError('call needs an address and an entry name', USAGE);
    const gas = parseGas(values.gas, USAGE);
    const key = keyOf(io, values.key ?? DEFAULT_KEY, values['keys-dir']);
    const wait = values['no-wait'] !== true;
    return await withClient(values.url, io, async (client) => {
      const signer = signerOf(client, key, gas);
      const contract = await contractAt(client, address, signer);
      const e = entryOf(contract, entry, 'entry');
      const args = encodeCliArgs(e.params, texts, contract.abi.types, `${contract.abi.contract}.${e.name}`, addressResolver(io, values['keys-dir']));
      const result = await signer.call(contract.address, entry, args, { wait });
      const committed = result.committed;
      if (committed === undefined) {
        if (json) printJson(io, { ok: true, txId: result.txId, status: result.status });
        else io.out(`submitted ${contract.abi.contract}.${entry} (not waiting for the commit)\n  tx      ${result.txId}\n  status  ${result.status}\n  check it with: covenant tx ${result.txId}\n`);
        return 0;
      }
      const ok = committed.receipt.status === 'ok';
      if (json) printJson(io, { ok, receipt: receiptJson(committed) });
      else io.out(`${contract.abi.contract}.${entry} ${ok ? 'committed' : 'failed'}\n${formatReceipt(committed, await decodeReceiptEvents(client, committed.receipt), contract.address)}`);
      return ok ? 0 : 1;
    });
  } catch (e) {
    return reportFailure(io, 'call', e, json);
  }
}
