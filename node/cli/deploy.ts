/**
 * `covenant deploy <file.contract.ts | artifact.json> [--contract NAME] [--args JSON-ARRAY]
 * [--key NAME] [--keys-dir DIR] [--url URL] [--gas N] [--no-wait] [--json]`: compiles a contract
 * file (diagnostics printed as `covenant compile` prints them; any error stops here with exit 1)
 * or reads an artifact, encodes the constructor arguments by the ABI (`args.ts` spellings inside
 * the JSON array), signs with the keystore key and submits with `wait` (answer after the durable
 * commit). Prints the contract address, transaction id, block height, gas used and status; a
 * failed deployment exits 1 with the error code, message and source location.
 *
 * It does NOT write artifacts (`covenant compile --out` does), estimate gas, or resubmit after a
 * lost answer (the error names the transaction id to query with `covenant tx`).
 * @module
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { type ContractArtifact, compile, decodeArtifact, formatDiagnostic } from '../../compiler/index.ts';
import { NodeError } from '../errors.ts';
import { encodeJsonArgs } from './args.ts';
import { DEFAULT_KEY, type Io, SIGN_OPTIONS, UsageError, formatReceipt, parseGas, parseOptions, printJson, receiptJson, reportFailure, table } from './format.ts';
import { addressResolver, keyOf, signerOf, withClient } from './session.ts';

const USAGE = 'usage: covenant deploy <file.contract.ts | artifact.json> [--contract NAME] [--args JSON-ARRAY] [--key NAME] [--url URL] [--gas N] [--no-wait] [--json]';

/** Reads the artifacts of `path`: compiles a `.contract.ts` file, or decodes an artifact file. */
export function loadArtifacts(path: string, io: Io, json: boolean): { artifacts: readonly ContractArtifact[]; diagnostics: unknown[] } | undefined {
  const cwd = io.cwd;
  const abs = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${JSON.stringify(path)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, USAGE);
  }
  if (!path.endsWith('.ts')) {
    const r = decodeArtifact(text);
    if (!r.ok) throw new NodeError('NODE_ERR_INVALID_TX', `${path} is not a valid contract artifact`, { field: 'artifact', metaMessages: r.errors.slice(0, 10) });
    return { artifacts: [r.artifact], diagnostics: [] };
  }
  const rel = (p: string): string => relative(cwd, resolve(cwd, p)).split('\\').join('/');
  const result = compile({
    inputs: [{ path: rel(path), text }],
    readFile: (p) => {
      try {
        return readFileSync(resolve(cwd, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  const fileOf = (id: number) => result.files[id];
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const diagnostics = result.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, text: formatDiagnostic(d, fileOf) }));
  if (!json) for (const d of result.diagnostics) io.err(`${formatDiagnostic(d, fileOf)}\n`);
  if (errors > 0) {
    if (json) printJson(io, { ok: false, error: { code: 'COMPILE', message: `${errors} compile error${errors === 1 ? '' : 's'}` }, diagnostics });
    else io.err(`Found ${errors} error${errors === 1 ? '' : 's'}; nothing deployed.\n`);
    return undefined;
  }
  return { artifacts: result.artifacts, diagnostics };
}

/** `covenant deploy …`; returns the exit status. */
export async function deployCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, { ...SIGN_OPTIONS, contract: { type: 'string' }, args: { type: 'string' } }, USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the contract file or artifact' : 'deploy takes one file', USAGE);
    const gas = parseGas(values.gas, USAGE);
    let argValues: unknown[] = [];
    if (values.args !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(values.args);
      } catch (e) {
        throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `--args is not JSON: ${e instanceof Error ? e.message : String(e)}`, { field: 'args' });
      }
      if (!Array.isArray(parsed)) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', '--args must be a JSON array of the constructor arguments', { field: 'args' });
      argValues = parsed;
    }
    const loaded = loadArtifacts(positionals[0] as string, io, json);
    if (loaded === undefined) return 1;
    const { artifacts } = loaded;
    let artifact: ContractArtifact | undefined;
    if (values.contract !== undefined) {
      artifact = artifacts.find((a) => a.contract === values.contract);
      if (artifact === undefined) throw new UsageError(`no contract ${JSON.stringify(values.contract)} in ${positionals[0]} (found ${artifacts.map((a) => a.contract).join(', ') || 'none'})`, USAGE);
    } else if (artifacts.length === 1) artifact = artifacts[0];
    else throw new UsageError(`${positionals[0]} declares ${artifacts.length === 0 ? 'no contract' : `several contracts (${artifacts.map((a) => a.contract).join(', ')}); choose one with --contract`}`, USAGE);
    const a = artifact as ContractArtifact;
    const ctor = a.abi.constructor;
    const encoded = encodeJsonArgs(ctor.params, argValues, a.abi.types, `constructor of ${a.contract}`, addressResolver(io, values['keys-dir']));
    const key = keyOf(io, values.key ?? DEFAULT_KEY, values['keys-dir']);
    const wait = values['no-wait'] !== true;
    return await withClient(values.url, io, async (client) => {
      const signer = signerOf(client, key, gas);
      // encodeJsonArgs already produced the wire encoding; the codec accepts it unchanged.
      const result = await signer.deploy(a, encoded, { wait });
      const committed = result.committed;
      if (json) {
        printJson(io, { ok: committed === undefined || committed.receipt.status === 'ok', contract: a.contract, address: result.address, txId: result.txId, status: result.status, ...(committed === undefined ? {} : { receipt: receiptJson(committed) }) });
      } else if (committed === undefined) {
        io.out(`submitted deployment of ${a.contract} (not waiting for the commit)\n${table([['address', result.address], ['tx', result.txId], ['status', result.status]])}  check it with: covenant tx ${result.txId}\n`);
      } else if (committed.receipt.status === 'ok') {
        io.out(`deployed ${a.contract} at ${result.address}\n${formatReceipt(committed, result.events, result.address, [['address', result.address]])}`);
      } else {
        io.out(`deployment of ${a.contract} failed\n${formatReceipt(committed, result.events, result.address)}`);
      }
      return committed === undefined || committed.receipt.status === 'ok' ? 0 : 1;
    });
  } catch (e) {
    return reportFailure(io, 'deploy', e, json);
  }
}
