/**
 * The privacy commands (docs/cli.md "Sealed data", docs/privacy.md):
 *
 * - `covenant publish-key` — publishes the key's X25519 encryption key in the key registry
 *   (created in the key file first if it has none), so others can grant it fields.
 * - `covenant seal <contract> <record> <field> <TYPE> <VALUE>` — seals a value for a field
 *   (opening the field in the registry first, the key's account becoming its owner) and prints the
 *   `Sealed` JSON to pass to `covenant call`. For numbers it keeps the commitment's opening in the
 *   local openings store (`<keystore>/../openings/<commitment>.json`, mode 0600) so that
 *   `covenant call --prove` can prove relations over it later.
 * - `covenant grant <contract> <record> <field> <GRANTEE>` / `covenant revoke …` — the owner grants
 *   the field's current data key to an account (address or `@keyname`), or revokes it and rotates.
 * - `covenant reveal <contract> <record> <field> --view NAME [ARG…] [--path a.b]` — reads a sealed
 *   value through a view (and a path into the record it returns), decrypts it with this account's
 *   grant and, for numbers, checks it against its commitment.
 *
 * TYPE is `string`, `int`, `decimal` or `money:<CCY>` (e.g. `money:USD`).
 * It does NOT keep data keys: every command recovers them from the chain with the encryption key.
 * @module
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AbiType } from '../../compiler/artifact.ts';
import { type AbiTypes, type ContractHandle, Sealer, isNumericSealed } from '../client/index.ts';
import { NodeError } from '../errors.ts';
import { encodeCliArgs, entryOf, fromText } from './args.ts';
import { DEFAULT_KEY, type Io, SIGN_OPTIONS, UsageError, formatValue, parseGas, parseOptions, printJson, reportFailure, table } from './format.ts';
import { ensureEncryptionKey, keysDir } from './keys.ts';
import { addressResolver, contractAt, signerOf, withClient } from './session.ts';

const USAGE = [
  'usage: covenant publish-key [--key NAME]',
  '       covenant seal <contract> <record> <field> <string|int|decimal|money:CCY> <VALUE> [--key NAME]',
  '       covenant grant <contract> <record> <field> <ADDRESS|@KEY> [--key NAME]',
  '       covenant revoke <contract> <record> <field> <ADDRESS|@KEY> [--key NAME]',
  '       covenant reveal <contract> <record> <field> --view NAME [ARG…] [--path a.b] [--key NAME]',
  'common: --url URL, --keys-dir DIR, --gas N, --json',
].join('\n');

const OPTIONS = { ...SIGN_OPTIONS, view: { type: 'string' }, path: { type: 'string' } } as const;

/** The openings store next to the keystore: `<keys dir>/../openings`. */
export function openingsDir(keys: string): string {
  return join(dirname(keys), 'openings');
}

/** Saves a commitment's opening (value and blinding as decimal strings) under its hex. */
export function saveOpening(dir: string, commitment: string, opening: { value: bigint; blinding: bigint }): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${commitment}.json`);
  writeFileSync(file, `${JSON.stringify({ commitment, value: opening.value.toString(), blinding: opening.blinding.toString() })}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its mode on write: make it exact
  return file;
}

/** The opening of a commitment from the store; `NODE_ERR_BAD_ARGUMENTS` when this machine never sealed it. */
export function loadOpening(dir: string, commitment: string): { value: bigint; blinding: bigint } {
  if (!/^[0-9a-f]{64}$/.test(commitment)) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `${JSON.stringify(commitment)} is not a commitment (64 hex digits)`);
  try {
    const o = JSON.parse(readFileSync(join(dir, `${commitment}.json`), 'utf8')) as { value: string; blinding: string };
    return { value: BigInt(o.value), blinding: BigInt(o.blinding) };
  } catch {
    throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `no opening of commitment ${commitment.slice(0, 16)}… in ${dir} (seal the value on this machine, or reveal it with a grant)`);
  }
}

/** `string`, `int`, `decimal`, `money:USD` → the ABI type. */
export function parseSealedType(text: string | undefined): AbiType {
  if (text === 'string' || text === 'int' || text === 'decimal') return { kind: text };
  const m = /^money:([A-Z]{3})$/.exec(text ?? '');
  if (m !== null) return { kind: 'money', currency: m[1] as string };
  throw new UsageError(`unknown sealed type ${JSON.stringify(text)} (string, int, decimal or money:CCY)`, USAGE);
}

/** The type at `path` inside `t` (optionals and records walked), and the value there. */
function walk(t: AbiType, value: unknown, path: readonly string[], types: AbiTypes): { type: AbiType; value: unknown } {
  let type = t;
  let v = value;
  for (const step of path) {
    while (type.kind === 'optional') type = type.inner;
    if (type.kind !== 'record' && type.kind !== 'event') throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `--path: ${step} is not inside a record`);
    const def = types[type.name];
    const field = def !== undefined && def.kind !== 'enum' ? def.fields.find((f) => f.name === step) : undefined;
    if (field === undefined) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `--path: ${type.name} has no field ${step}`);
    type = field.type;
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[step] : undefined;
  }
  while (type.kind === 'optional') type = type.inner;
  if (type.kind !== 'sealed') throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `the value there is a ${type.kind}, not a sealed value`);
  if (v === undefined || v === null) throw new NodeError('NODE_ERR_NOT_FOUND', 'the view returned no value there');
  return { type: type.inner, value: v };
}

/** `covenant publish-key|seal|grant|revoke|reveal …`; returns the exit status. */
export async function privacyCommand(command: string, argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, OPTIONS, USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const dir = keysDir(io, values['keys-dir']);
    const key = ensureEncryptionKey(dir, values.key ?? DEFAULT_KEY);
    const gas = parseGas(values.gas, USAGE);
    const resolve = addressResolver(io, values['keys-dir']);
    const account = (text: string): string => (text.startsWith('@') ? resolve(text.slice(1)) : text.toLowerCase().replace(/^0x/, ''));
    return await withClient(values.url, io, async (client) => {
      const sealer = new Sealer(signerOf(client, key, gas), key.encryption);
      if (command === 'publish-key') {
        if (positionals.length > 0) throw new UsageError('publish-key takes no arguments', USAGE);
        const r = await sealer.publishKey({ wait: true });
        if (json) printJson(io, { ok: true, address: key.address, encryptionPublicKey: sealer.encryptionKey, published: r !== undefined });
        else io.out(`${r === undefined ? 'already published' : 'published'}: encryption key of ${key.name}\n${table([['address', key.address], ['encryption key', sealer.encryptionKey]])}`);
        return 0;
      }
      const [contractText, record, field, ...rest] = positionals;
      if (contractText === undefined || record === undefined || field === undefined) throw new UsageError(`${command} needs <contract> <record> <field>`, USAGE);
      const contract: ContractHandle = await contractAt(client, contractText);
      const f = { contract: contract.address, record, field };
      if (command === 'seal') {
        const [typeText, valueText, ...extra] = rest;
        if (valueText === undefined || extra.length > 0) throw new UsageError('seal needs <TYPE> <VALUE>', USAGE);
        const type = parseSealedType(typeText);
        await sealer.publishKey({ wait: true });
        const sealed = await sealer.seal(f, type, fromText(type, valueText, {}, field));
        const file = sealed.opening === undefined ? undefined : saveOpening(openingsDir(dir), sealed.commitment as string, sealed.opening);
        if (json) printJson(io, { ok: true, sealed: sealed.sealed, ...(sealed.commitment === undefined ? {} : { commitment: sealed.commitment }) });
        else io.out(`${JSON.stringify(sealed.sealed)}\n${sealed.commitment === undefined ? '' : `# commitment ${sealed.commitment} (opening kept in ${file})\n`}`);
        return 0;
      }
      if (command === 'grant' || command === 'revoke') {
        const [granteeText, ...extra] = rest;
        if (granteeText === undefined || extra.length > 0) throw new UsageError(`${command} needs <GRANTEE>`, USAGE);
        const grantee = account(granteeText);
        if (command === 'grant') {
          const r = await sealer.grant(f, grantee);
          const info = await sealer.fieldInfo(f);
          if (json) printJson(io, { ok: true, txId: r.txId, grantee, keyVersion: info?.keyVersion });
          else io.out(`granted ${field} of ${record} to ${grantee} (key version ${info?.keyVersion ?? '?'})\n  tx  ${r.txId}\n`);
        } else {
          const r = await sealer.revoke(f, grantee);
          if (json) printJson(io, { ok: true, txId: r.result.txId, grantee, keyVersion: r.keyVersion });
          else io.out(`revoked ${grantee} from ${field} of ${record}; the field is now at key version ${r.keyVersion} (seal later writes again; what ${grantee} could read before stays readable to it)\n  tx  ${r.result.txId}\n`);
        }
        return 0;
      }
      if (command === 'reveal') {
        if (values.view === undefined) throw new UsageError('reveal needs --view NAME [ARG…] to read the sealed value', USAGE);
        const view = entryOf(contract, values.view, 'view');
        const args = encodeCliArgs(view.params, rest, contract.abi.types, `${contract.abi.contract}.${view.name}`, resolve);
        const outcome = await client.view(contract.address, view.name, args);
        if (outcome.status === 'failed') throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `${view.name} failed: ${outcome.error?.code ?? ''} ${outcome.error?.message ?? ''}`);
        const at = walk(view.returns, outcome.value, values.path === undefined ? [] : values.path.split('.'), contract.abi.types);
        const opened = await sealer.reveal(f, at.value, at.type, contract.abi.types);
        const info = await sealer.fieldInfo(f);
        if (json) printJson(io, { ok: true, value: opened.wire, keyVersion: info?.keyVersion, commitmentChecked: isNumericSealed(at.type) });
        else io.out(`${formatValue(opened.value)}\n# ${field} of ${record}, key version ${info?.keyVersion ?? '?'}${isNumericSealed(at.type) ? ', checked against its commitment' : ''}\n`);
        return 0;
      }
      throw new UsageError(`unknown command ${command}`, USAGE);
    });
  } catch (e) {
    return reportFailure(io, command, e, json);
  }
}
