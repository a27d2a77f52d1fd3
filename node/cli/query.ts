/**
 * `covenant query <address> <view> [ARG…] [--caller ADDRESS] [--url URL] [--json]` runs a view on
 * committed state (arguments converted as for `call`) and prints its decoded value;
 * `covenant query <address> --state KEY` prints the raw committed text under a state key and
 * `covenant query <address> --keys PREFIX [--limit N]` lists state keys. A failing view exits 1
 * with the runtime's code, message and source location.
 *
 * It does NOT sign or submit anything, and reads only committed state (never the mempool).
 * @module
 */
import { ContractError, decodeValue } from '../client/index.ts';
import { NodeError } from '../errors.ts';
import { encodeCliArgs, entryOf } from './args.ts';
import { type Io, URL_OPTIONS, UsageError, formatValue, parseOptions, printJson, reportFailure } from './format.ts';
import { addressResolver, contractAt, withClient } from './session.ts';

const USAGE = [
  'usage: covenant query <address> <view> [ARG…] [--caller ADDRESS] [--url URL] [--json]',
  '       covenant query <address> --state KEY [--url URL] [--json]',
  '       covenant query <address> --keys PREFIX [--limit N] [--url URL] [--json]',
].join('\n');

/** `covenant query …`; returns the exit status. */
export async function queryCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, {
      ...URL_OPTIONS, state: { type: 'string' }, keys: { type: 'string' }, limit: { type: 'string' }, caller: { type: 'string' }, 'keys-dir': { type: 'string' },
    }, USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const [address, view, ...texts] = positionals;
    if (address === undefined) throw new UsageError('query needs a contract address', USAGE);
    const modes = [view !== undefined, values.state !== undefined, values.keys !== undefined].filter(Boolean).length;
    if (modes !== 1) throw new UsageError('give exactly one of: a view name, --state KEY, --keys PREFIX', USAGE);
    let limit = 100;
    if (values.limit !== undefined) {
      if (!/^[1-9][0-9]{0,3}$/.test(values.limit) || Number(values.limit) > 1000) throw new UsageError('--limit expects an integer in [1, 1000]', USAGE);
      limit = Number(values.limit);
    }
    return await withClient(values.url, io, async (client) => {
      const contract = await contractAt(client, address);
      if (values.state !== undefined) {
        // A bare field name means its scalar key `s/NAME` (docs/artifact.md, State keys).
        const key = values.state.includes('/') ? values.state : `s/${values.state}`;
        const { value, height } = await client.getState(contract.address, key);
        if (json) printJson(io, { ok: true, key, value: value ?? null, height: height.toString() });
        else io.out(value === undefined ? `(not set) at height ${height}\n` : `${value}\n`);
        return 0;
      }
      if (values.keys !== undefined) {
        const { keys, height } = await client.listState(contract.address, { prefix: values.keys, limit });
        if (json) printJson(io, { ok: true, prefix: values.keys, keys, height: height.toString() });
        else io.out(keys.length === 0 ? `(no keys with prefix ${JSON.stringify(values.keys)}) at height ${height}\n` : keys.map((k) => `${k}\n`).join(''));
        return 0;
      }
      const e = entryOf(contract, view as string, 'view');
      const args = encodeCliArgs(e.params, texts, contract.abi.types, `${contract.abi.contract}.${e.name}`, addressResolver(io, values['keys-dir']));
      const outcome = await client.view(contract.address, e.name, args, values.caller === undefined ? {} : { caller: values.caller });
      if (outcome.status === 'failed') {
        const err = outcome.error ?? { code: 'RT_ERR_UNKNOWN', message: 'the view failed' };
        if (json) {
          printJson(io, { ok: false, status: 'failed', error: err, gasUsed: outcome.gasUsed.toString(), height: outcome.height.toString() });
          return 1;
        }
        throw new ContractError(err, outcome.gasUsed, `${contract.abi.contract}.${e.name}`);
      }
      let decoded: unknown;
      try {
        decoded = decodeValue(e.returns, outcome.value, contract.abi.types, `${e.name}()`);
      } catch (x) {
        throw x instanceof NodeError ? x : new NodeError('NODE_ERR_MALFORMED', `the node answered an undecodable value for ${e.name}()`);
      }
      if (json) printJson(io, { ok: true, value: outcome.value ?? null, gasUsed: outcome.gasUsed.toString(), height: outcome.height.toString() });
      else io.out(`${formatValue(decoded)}\n`);
      return 0;
    });
  } catch (e) {
    return reportFailure(io, 'query', e, json);
  }
}
