// Determinism: no wall clock, randomness, code evaluation or host objects (DET-01, SBX-04).
@contract
export class Forbidden {
  @view
  run(): Int {
    const now = Date.now();
    const r = Math.random();
    const e = eval('1');
    const f = Function('return 1');
    const g = globalThis;
    const s = Symbol('x');
    const p = new Proxy({}, {});
    const q = Reflect.ownKeys({});
    const i = Intl.DateTimeFormat();
    const w = new WeakRef({});
    setTimeout(() => 1, 0);
    const h = process.env;
    return 0;
  }

  @view
  escape(): Int {
    const x = [].constructor.constructor('return process')();
    const y = ({}).__proto__;
    const z = Error.prepareStackTrace;
    const a = ({})['__proto__'];
    const b = 'x'.localeCompare('y');
    return 0;
  }

  @view
  reserved(__hidden: Int): Int {
    const __x = 1;
    return __x;
  }
}
