/**
 * The ABI of one contract: its constructor, entries, views and triggers, events, state layout,
 * the named record/event/enum types they mention, and its zero-knowledge relations, as JSON
 * type descriptors (`compiler/artifact.ts` defines the shape; `docs/artifact.md` documents it).
 * Internal methods are not part of the ABI.
 * Does NOT validate (see `validateArtifact`) or generate code.
 * @module
 */
import type {
  Abi, AbiEntry, AbiField, AbiParam, AbiRelation, AbiRelationTerm, AbiStateField, AbiTrigger, AbiType, AbiTypeDef,
} from '../artifact.ts';
import { MAX_TEXT_LENGTH, compareStrings, mapStatePrefix, stateKey } from '../artifact.ts';
import type { CheckedProgram, ContractInfo, RelationTerm, TriggerInfo } from '../check/checked.ts';
import type { FieldType, ParamType, Type } from '../check/types.ts';
import { InternalCompilerError, assertNever } from '../diagnostics.ts';

/** Converts types to descriptors, collecting the named types they mention. */
interface TypeTable {
  type(t: Type): AbiType;
  params(ps: readonly ParamType[]): AbiParam[];
  /** Named types sorted by name. */
  sorted(): Record<string, AbiTypeDef>;
}

function createTypeTable(): TypeTable {
  const defs = new Map<string, AbiTypeDef>();
  const field = (f: FieldType): AbiField => {
    const optional = f.optional || f.type.kind === 'optional';
    return { name: f.name, type: type(optional && f.type.kind === 'optional' ? f.type.inner : f.type), optional };
  };
  const type = (t: Type): AbiType => {
    switch (t.kind) {
      case 'bool': case 'string': case 'int': case 'decimal': case 'date': case 'period': case 'timestamp':
      case 'address': case 'commitment': case 'rounding': case 'void':
        return { kind: t.kind };
      case 'undefined':
        return { kind: 'void' };
      case 'money':
        return t.currency === undefined ? { kind: 'money' } : { kind: 'money', currency: t.currency };
      case 'array':
        return { kind: 'array', element: type(t.element) };
      case 'map':
        return { kind: 'map', key: type(t.key), value: type(t.value) };
      case 'optional':
        return { kind: 'optional', inner: type(t.inner) };
      case 'sealed':
        return { kind: 'sealed', inner: type(t.inner) };
      case 'strings':
        return { kind: 'strings', values: [...new Set(t.values)].sort(compareStrings) };
      case 'contract':
        return { kind: 'contract', name: t.name };
      case 'enum':
        if (!defs.has(t.name)) defs.set(t.name, { kind: 'enum', members: [...t.members] });
        return { kind: 'enum', name: t.name };
      case 'record':
      case 'event':
        if (!defs.has(t.name)) {
          // Reserve the name first; record types are not recursive, but this keeps the walk finite.
          defs.set(t.name, { kind: t.kind, fields: [] });
          defs.set(t.name, { kind: t.kind, fields: t.fields.map(field) });
        }
        return { kind: t.kind, name: t.name };
      case 'function': case 'failure': case 'namespace': case 'error':
        throw new InternalCompilerError(`abi: ${t.kind} is not a data type`);
      default:
        return assertNever(t);
    }
  };
  return {
    type,
    params: (ps) => ps.map((p) => ({ name: p.name, type: type(p.type) })),
    sorted: () => {
      const out: Record<string, AbiTypeDef> = {};
      for (const name of [...defs.keys()].sort(compareStrings)) out[name] = defs.get(name) as AbiTypeDef;
      return out;
    },
  };
}

function containsSealed(t: Type): boolean {
  switch (t.kind) {
    case 'sealed': return true;
    case 'array': return containsSealed(t.element);
    case 'map': return containsSealed(t.value);
    case 'optional': return containsSealed(t.inner);
    case 'record': case 'event': return t.fields.some((f) => containsSealed(f.type));
    default: return false;
  }
}

function trigger(t: TriggerInfo): AbiTrigger {
  switch (t.kind) {
    case 'event':
      return { kind: 'event', source: t.source, event: t.event };
    case 'every':
      return t.anchor === undefined ? { kind: 'every', period: t.period } : { kind: 'every', period: t.period, anchor: t.anchor };
    case 'at':
      if (t.date !== undefined) return { kind: 'at', date: t.date };
      if (t.field !== undefined) return { kind: 'at', field: t.field };
      throw new InternalCompilerError('abi: @at trigger without a date or field');
    default:
      return assertNever(t);
  }
}

function term(t: RelationTerm): AbiRelationTerm {
  switch (t.kind) {
    case 'sealed':
    case 'public':
      return { kind: t.kind, index: t.index };
    case 'const':
      return { kind: 'const', value: t.value };
    case 'add': case 'sub': case 'mul': case 'div':
      return { kind: t.kind, left: term(t.left), right: term(t.right) };
    default:
      return assertNever(t);
  }
}

function nonOptional(t: Type): Type {
  return t.kind === 'optional' ? t.inner : t;
}

/**
 * Builds the ABI of `contract`.
 * @example const abi = buildAbi(program, program.contracts[0]);
 */
export function buildAbi(program: CheckedProgram, contract: ContractInfo): Abi {
  const types = createTypeTable();
  const entries: AbiEntry[] = [];
  for (const e of contract.entries) {
    if (e.kind === 'internal') continue;
    const base = { name: e.name, kind: e.kind, params: types.params(e.params), returns: types.type(e.returns) };
    entries.push(e.trigger === undefined ? base : { ...base, trigger: trigger(e.trigger) });
  }
  const state: AbiStateField[] = contract.fields.map((f) => ({
    name: f.name,
    index: f.index,
    type: types.type(f.type),
    key: f.type.kind === 'map' ? mapStatePrefix(f.name) : stateKey(f.name),
    sealed: containsSealed(f.type),
    readonly: f.readonly,
  }));
  const events = contract.events.map((t) => {
    if (t.kind !== 'event') throw new InternalCompilerError(`abi: emitted type ${t.kind} is not an event`);
    types.type(t);
    return t.name;
  }).sort(compareStrings);
  const relations: AbiRelation[] = contract.relations.map((r) => ({
    index: r.index,
    text: r.text.length > MAX_TEXT_LENGTH ? `${r.text.slice(0, MAX_TEXT_LENGTH - 1)}…` : r.text,
    op: r.op,
    left: term(r.left),
    right: term(r.right),
    valueType: types.type(r.valueType),
    sealed: r.sealedOperands.length,
    public: r.publicOperands.map((x) => types.type(nonOptional(program.tables.typeOf(x)))),
  }));
  const ctorParams = types.params(contract.ctorParams);
  return {
    contract: contract.name,
    constructor: { params: ctorParams },
    entries,
    events: [...new Set(events)],
    state,
    types: types.sorted(),
    relations,
  };
}
