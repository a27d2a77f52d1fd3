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
import { type ContractHandle, type CovenantClient, type DecodedEvent, type RelationProofRequest, relationProofs } from '../client/index.ts';
import type { JsonValue, Receipt } from '../types/index.ts';
import { keysDir } from './keys.ts';
import { loadOpening, openingsDir } from './privacy.ts';
import { encodeCliArgs, entryOf } from './args.ts';
import { DEFAULT_KEY, type Io, SIGN_OPTIONS, UsageError, formatReceipt, parseGas, parseOptions, printJson, receiptJson, reportFailure } from './format.ts';
import { addressResolver, contractAt, keyOf, signerOf, withClient } from './session.ts';

const USAGE = [
  'usage: covenant call <address> <entry> [ARG…] [--key NAME] [--url URL] [--gas N] [--no-wait] [--json]',
  '         [--prove \'{"relation":"<text or index>","public":[…],"sealed":["<commitment>",…]}\' …]',
  '  --prove (repeatable) proves a prove(...) of the entry: openings of the commitments come from the',
  '  openings store `covenant seal` keeps; the public values are the ones the contract will use.',
].join('\n');

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

/** The `proofs` option from `--prove` texts: each a JSON statement whose commitments' openings are in the store. */
function proofsOf(contract: ContractHandle, texts: readonly string[], store: string): ReturnType<typeof relationProofs> {
  const requests: RelationProofRequest[] = texts.map((text) => {
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch {
      throw new UsageError(`--prove ${JSON.stringify(text.slice(0, 60))} is not JSON`, USAGE);
    }
    const r = o as { relation?: unknown; public?: unknown; sealed?: unknown };
    if (typeof o !== 'object' || o === null || (typeof r.relation !== 'string' && typeof r.relation !== 'number') || !Array.isArray(r.public) || !Array.isArray(r.sealed)) {
      throw new UsageError('--prove expects {"relation": text or index, "public": [values], "sealed": [commitments]}', USAGE);
    }
    return {
      relation: r.relation,
      public: r.public as JsonValue[],
      sealed: r.sealed.map((c) => ({ commitment: String(c), opening: loadOpening(store, String(c)) })),
    };
  });
  return relationProofs(contract.artifact ?? { abi: contract.abi }, contract.address, requests);
}

/** `covenant call …`; returns the exit status. */
export async function callCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, { ...SIGN_OPTIONS, prove: { type: 'string', multiple: true } }, USAGE);
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
      const proofs = values.prove === undefined ? undefined : proofsOf(contract, values.prove, openingsDir(keysDir(io, values['keys-dir'])));
      const result = await signer.call(contract.address, entry, args, { wait, ...(proofs === undefined ? {} : { proofs }) });
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
