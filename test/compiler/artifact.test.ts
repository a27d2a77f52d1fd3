import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  ARTIFACT_FORMAT, MAX_CODE_BYTES, type Abi, type ContractArtifact, artifactHash, canonicalJson, codeHashOf, createArtifact,
  decodeArtifact, encodeArtifact, sourceFileHash, sourceHashOf, validateArtifact,
} from '../../compiler/artifact.ts';

const ABI: Abi = {
  contract: 'QuotaShare',
  constructor: { params: [{ name: 'cedent', type: { kind: 'address' } }, { name: 'share', type: { kind: 'decimal' } }, { name: 'rounding', type: { kind: 'rounding' } }] },
  entries: [
    { name: 'recordClaim', kind: 'entry', params: [{ name: 'id', type: { kind: 'string' } }, { name: 'amount', type: { kind: 'money', currency: 'USD' } }], returns: { kind: 'money', currency: 'USD' } },
    { name: 'outstanding', kind: 'view', params: [], returns: { kind: 'money', currency: 'USD' } },
    { name: 'monthly', kind: 'trigger', params: [{ name: 'date', type: { kind: 'date' } }], returns: { kind: 'void' }, trigger: { kind: 'every', period: 'P1M', anchor: 'start' } },
  ],
  events: ['ClaimSettled'],
  state: [
    { name: 'cedent', index: 0, type: { kind: 'address' }, key: 's/cedent', sealed: false, readonly: true },
    { name: 'claims', index: 1, type: { kind: 'map', key: { kind: 'string' }, value: { kind: 'record', name: 'Claim' } }, key: 'm/claims/', sealed: false, readonly: false },
    { name: 'start', index: 2, type: { kind: 'date' }, key: 's/start', sealed: false, readonly: false },
    { name: 'secret', index: 3, type: { kind: 'optional', inner: { kind: 'sealed', inner: { kind: 'money', currency: 'USD' } } }, key: 's/secret', sealed: true, readonly: false },
  ],
  types: {
    Claim: { kind: 'record', fields: [{ name: 'id', type: { kind: 'string' }, optional: false }, { name: 'note', type: { kind: 'string' }, optional: true }, { name: 'status', type: { kind: 'enum', name: 'Status' }, optional: false }] },
    ClaimSettled: { kind: 'event', fields: [{ name: 'claimId', type: { kind: 'string' }, optional: false }] },
    Status: { kind: 'enum', members: ['Open', 'Closed'] },
  },
  relations: [
    { index: 0, text: 'claim.amount <= this.limit', op: '<=', left: { kind: 'sealed', index: 0 }, right: { kind: 'mul', left: { kind: 'public', index: 0 }, right: { kind: 'const', value: '0.8' } }, valueType: { kind: 'money', currency: 'USD' }, sealed: 1, public: [{ kind: 'money', currency: 'USD' }] },
  ],
};

function sample(): ContractArtifact {
  return createArtifact({
    compilerVersion: '0.1.0',
    contract: 'QuotaShare',
    code: "'use strict';\nfunction __covenant_invoke(r) { return r; }\n",
    abi: ABI,
    sources: [
      { path: 'quota.contract.ts', text: 'export class QuotaShare {}\n' },
      { path: '@covenant/std/money', text: 'export function allocate() {}\n' },
    ],
    spans: [
      { path: 'quota.contract.ts', start: 0, end: 6, line: 1, column: 1 },
      { path: '@covenant/std/money', start: 7, end: 15, line: 1, column: 8 },
    ],
  });
}

/** Deep-clones through JSON and applies `edit` to the plain object. */
function mutate(edit: (a: Record<string, any>) => void): unknown {
  const a = JSON.parse(encodeArtifact(sample())) as Record<string, any>;
  edit(a);
  return a;
}

function errorsOf(json: unknown): readonly string[] {
  const r = validateArtifact(json);
  return r.ok ? [] : r.errors;
}

describe('canonicalJson()', () => {
  it('sorts keys, omits undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, 'x', null], c: undefined, A: { z: 'é', y: -3 } })).toBe('{"A":{"y":-3,"z":"é"},"a":[true,"x",null],"b":1}');
  });

  it('rejects floats, -0, NaN and non-JSON values', () => {
    expect(() => canonicalJson(1.5)).toThrow(RangeError);
    expect(() => canonicalJson(-0)).toThrow(RangeError);
    expect(() => canonicalJson(Number.NaN)).toThrow(RangeError);
    expect(() => canonicalJson(2 ** 53)).toThrow(RangeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
  });

  it('orders keys by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ 'é': 1, z: 2, Z: 3, '\u{1F600}': 4, '\uFFFF': 5 })).toBe('{"Z":3,"z":2,"é":1,"\u{1F600}":4,"\uFFFF":5}');
  });
});

describe('hashes', () => {
  it('codeHash is domain-separated sha256 with a length prefix', () => {
    const code = 'x';
    const tag = utf8ToBytes('covenant:code:v1');
    const bytes = new Uint8Array([0, 0, 0, tag.length, ...tag, 0, 0, 0, 1, 0x78]);
    expect(codeHashOf(code)).toBe(bytesToHex(sha256(bytes)));
    expect(codeHashOf(code)).not.toBe(bytesToHex(sha256(utf8ToBytes(code))));
  });

  it('sourceHash does not depend on the order sources are given in, but on paths and texts', () => {
    const a = { path: 'a.contract.ts', hash: sourceFileHash('A') };
    const b = { path: 'b.contract.ts', hash: sourceFileHash('B') };
    expect(sourceHashOf([a, b])).toBe(sourceHashOf([b, a]));
    expect(sourceHashOf([a, b])).not.toBe(sourceHashOf([{ ...a, path: 'c.contract.ts' }, b]));
    expect(sourceHashOf([a, b])).not.toBe(sourceHashOf([{ ...a, hash: sourceFileHash('A2') }, b]));
  });

  it('length prefixes keep path/text boundaries apart', () => {
    const x = sourceHashOf([{ path: 'ab', hash: sourceFileHash('c') }]);
    const y = sourceHashOf([{ path: 'a', hash: sourceFileHash('bc') }]);
    expect(x).not.toBe(y);
  });

  it('artifactHash is stable and changes with any field', () => {
    const a = sample();
    expect(artifactHash(a)).toBe(artifactHash(sample()));
    expect(artifactHash({ ...a, compiler: { version: '0.1.1' } })).not.toBe(artifactHash(a));
  });
});

describe('createArtifact()', () => {
  it('sorts sources by path and maps spans to source indices', () => {
    const a = sample();
    expect(a.sources.map((s) => s.path)).toEqual(['@covenant/std/money', 'quota.contract.ts']);
    expect(a.spans).toEqual([
      { site: 0, file: 1, start: 0, end: 6, line: 1, column: 1 },
      { site: 1, file: 0, start: 7, end: 15, line: 1, column: 8 },
    ]);
    expect(a.format).toBe(ARTIFACT_FORMAT);
    expect(a.codeHash).toBe(codeHashOf(a.code));
  });

  it('rejects a span naming an unknown source', () => {
    expect(() => createArtifact({ compilerVersion: '1', contract: 'C', code: '', abi: ABI, sources: [], spans: [{ path: 'x', start: 0, end: 0, line: 1, column: 1 }] })).toThrow(RangeError);
  });
});

describe('validateArtifact()', () => {
  it('accepts a well-formed artifact and returns an equal copy', () => {
    const a = sample();
    const r = validateArtifact(JSON.parse(encodeArtifact(a)));
    expect(r).toEqual({ ok: true, artifact: a });
  });

  it('round-trips through encode/decode, optionally requiring canonical text', () => {
    const text = encodeArtifact(sample());
    expect(decodeArtifact(text, { canonical: true }).ok).toBe(true);
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    expect(decodeArtifact(pretty).ok).toBe(true);
    expect(decodeArtifact(pretty, { canonical: true })).toEqual({ ok: false, errors: ['artifact: not in canonical encoding'] });
  });

  it('rejects non-JSON and oversize text before parsing', () => {
    expect(decodeArtifact('{').ok).toBe(false);
    const r = decodeArtifact(' '.repeat(8 * 1024 * 1024 + 1));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatch(/larger than/);
  });

  const cases: [string, (a: Record<string, any>) => void, RegExp][] = [
    ['unknown top-level field', (a) => { a.extra = 1; }, /artifact: unknown field "extra"/],
    ['__proto__ key', (a) => { Object.defineProperty(a, '__proto__', { value: {}, enumerable: true }); }, /unknown field "__proto__"/],
    ['missing field', (a) => { delete a.spans; }, /missing field "spans"/],
    ['wrong format', (a) => { a.format = 'covenant-artifact/2'; }, /format: expected "covenant-artifact\/1"/],
    ['wrong gas schedule', (a) => { a.gasSchedule = 2; }, /gasSchedule/],
    ['wrong host api', (a) => { a.hostApi = '1'; }, /hostApi/],
    ['tampered code', (a) => { a.code += ' '; }, /codeHash: does not match the code/],
    ['uppercase hash', (a) => { a.codeHash = a.codeHash.toUpperCase(); }, /codeHash: expected a sha256 hex digest/],
    ['tampered source hash', (a) => { a.sources[0].hash = sourceFileHash('other'); }, /sourceHash: does not match sources/],
    ['unsorted sources', (a) => { a.sources.reverse(); }, /sources: paths must be unique and sorted/],
    ['bad version', (a) => { a.compiler.version = 'v 1'; }, /compiler.version/],
    ['contract not an identifier', (a) => { a.contract = 'Quota-Share'; }, /contract: expected an identifier/],
    ['abi contract mismatch', (a) => { a.abi.contract = 'Other'; }, /abi.contract: does not match/],
    ['span site out of order', (a) => { a.spans[1].site = 0; }, /spans\[1\].site/],
    ['span file out of range', (a) => { a.spans[0].file = 2; }, /spans\[0\].file/],
    ['span end before start', (a) => { a.spans[1].end = 1; }, /spans\[1\].end/],
    ['float in span', (a) => { a.spans[0].line = 1.5; }, /spans\[0\].line/],
    ['unknown type kind', (a) => { a.abi.entries[0].returns = { kind: 'number' }; }, /unknown type kind "number"/],
    ['extra descriptor field', (a) => { a.abi.entries[0].returns.extra = true; }, /abi.entries\[0\].returns: unknown field "extra"/],
    ['rounding descriptor with extra field', (a) => { a.abi.constructor.params[2].type.values = ['up']; }, /abi.constructor.params\[2\].type: unknown field "values"/],
    ['bad currency', (a) => { a.abi.entries[0].returns.currency = 'usd'; }, /ISO 4217/],
    ['void parameter', (a) => { a.abi.entries[0].params[0].type = { kind: 'void' }; }, /"void" is allowed only as a return type/],
    ['undefined named type', (a) => { a.abi.entries[0].params[0].type = { kind: 'record', name: 'Nope' }; }, /type "Nope" is not defined/],
    ['named type of wrong kind', (a) => { a.abi.entries[0].params[0].type = { kind: 'record', name: 'Status' }; }, /"Status" is an enum, not a record/],
    ['duplicate entry', (a) => { a.abi.entries[1].name = 'recordClaim'; }, /duplicate entry "recordClaim"/],
    ['duplicate param', (a) => { a.abi.entries[0].params[1].name = 'id'; }, /duplicate parameter "id"/],
    ['entry name with $', (a) => { a.abi.entries[0].name = 'a$'; }, /expected an identifier/],
    ['reserved name', (a) => { a.abi.entries[0].name = 'constructor'; }, /reserved name "constructor"/],
    ['reserved prefix', (a) => { a.abi.entries[0].name = '__x'; }, /expected an identifier/],
    ['trigger without trigger', (a) => { delete a.abi.entries[2].trigger; }, /a trigger entry has "trigger"/],
    ['trigger on unknown field', (a) => { a.abi.entries[2].trigger.anchor = 'nope'; }, /"nope" is not a state field/],
    ['bad trigger period', (a) => { a.abi.entries[2].trigger.period = 'P1.5M'; }, /ISO 8601 period/],
    ['unsorted types', (a) => { a.abi.types = { Status: a.abi.types.Status, Claim: a.abi.types.Claim, ClaimSettled: a.abi.types.ClaimSettled }; }, /type names must be in sorted order/],
    ['duplicate field', (a) => { a.abi.types.Claim.fields[1].name = 'id'; }, /duplicate field "id"/],
    ['optional-wrapped field', (a) => { a.abi.types.Claim.fields[0].type = { kind: 'optional', inner: { kind: 'string' } }; }, /optional: true with the inner type/],
    ['empty enum', (a) => { a.abi.types.Status.members = []; }, /at least one member/],
    ['duplicate enum member', (a) => { a.abi.types.Status.members = ['A', 'A']; }, /duplicate member "A"/],
    ['event not an event type', (a) => { a.abi.events = ['Claim']; }, /"Claim" is not an event type/],
    ['map with record key', (a) => { a.abi.state[1].type.key = { kind: 'decimal' }; }, /"decimal" is not a map key type/],
    ['state key wrong', (a) => { a.abi.state[1].key = 's/claims'; }, /expected "m\/claims\/"/],
    ['state index wrong', (a) => { a.abi.state[1].index = 5; }, /abi.state\[1\].index/],
    ['sealed flag wrong', (a) => { a.abi.state[3].sealed = false; }, /abi.state\[3\].sealed: expected true/],
    ['relation index out of range', (a) => { a.abi.relations[0].left.index = 1; }, /abi.relations\[0\].left.index/],
    ['relation non-canonical const', (a) => { a.abi.relations[0].right.right.value = '0.80'; }, /canonical decimal/],
    ['relation bad op', (a) => { a.abi.relations[0].op = '!='; }, /comparison operator/],
    ['deep type', (a) => {
      let t: unknown = { kind: 'int' };
      for (let i = 0; i < 40; i++) t = { kind: 'array', element: t };
      a.abi.entries[0].params[0].type = t;
    }, /type nesting deeper than 32/],
    ['optional of optional', (a) => { a.abi.entries[0].returns = { kind: 'optional', inner: { kind: 'optional', inner: { kind: 'int' } } }; }, /optional of optional/],
    ['unsorted string union', (a) => { a.abi.entries[0].returns = { kind: 'strings', values: ['b', 'a'] }; }, /values must be sorted/],
    ['array instead of object', (a) => { a.abi = []; }, /abi: expected an object, got an array/],
  ];
  for (const [name, edit, pattern] of cases) {
    it(`rejects ${name}`, () => {
      const errors = errorsOf(mutate(edit));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join('\n')).toMatch(pattern);
    });
  }

  it('rejects code larger than the cap even with a matching hash', () => {
    const code = 'x'.repeat(MAX_CODE_BYTES + 1);
    const errors = errorsOf(mutate((a) => { a.code = code; a.codeHash = codeHashOf(code); }));
    expect(errors.join('\n')).toMatch(/code/);
  });

  it('counts code size in UTF-8 bytes', () => {
    const code = 'é'.repeat(MAX_CODE_BYTES / 2 + 1);
    const errors = errorsOf(mutate((a) => { a.code = code; a.codeHash = codeHashOf(code); }));
    expect(errors.join('\n')).toMatch(/code: larger than/);
  });

  it('never throws on arbitrary input', () => {
    for (const v of [null, 1, 'x', [], {}, { format: {} }, { abi: { types: null } }]) {
      expect(validateArtifact(v).ok).toBe(false);
    }
  });
});
