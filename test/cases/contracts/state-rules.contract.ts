// State: map fields, views, initialisation, internal calls.
interface Item {
  n: Int;
}

function pure(): Address {
  return ctx.caller;
}

function pureThis(): Int {
  return this.n;
}

function pureCall(a: Address): Int {
  return contractAt<Other>(a).value();
}

interface Other {
  value(): Int;
}

@contract
export class StateRules {
  items: Map<string, Item> = new Map([['a', { n: 1 }]]);
  n: Int = 0;
  m: Int = this.n;
  never: Int;

  @entry
  reset(): void {
    this.items = new Map();
    this.bump();
    this.daily();
  }

  @view
  peek(): Int {
    this.n = 1;
    this.items.set('b', { n: 2 });
    return this.helper();
  }

  helper(): Int {
    this.n += 1;
    return this.n;
  }

  @entry
  bump(): void {
    this.n += 1;
  }

  @every('P1D')
  daily(): void {}

  @view
  self(): Int {
    const me = this;
    return 0;
  }
}

@contract
export abstract class Abstract {
  constructor(private owner: Address) {}

  @view
  t(): Int {
    const k = new.target;
    return super.t();
  }
}

@contract
export class Nested {
  @view
  f(): Int {
    class Inner {}
    return 0;
  }
}

// A view is read-only through helpers: emitting, calling an entry of another contract and
// prove() are effects too, however deep the helper chain (an interface method may change state).
export interface Pinged extends Event {
  n: Int;
}

@contract
export class ViewEffects {
  other: Other;
  secret: Sealed<Int>;

  constructor(other: Other, secret: Sealed<Int>) {
    this.other = other;
    this.secret = secret;
  }

  @view
  emits(): Int {
    this.ping();
    return 0;
  }

  @view
  deep(): Int {
    return this.viaPing();
  }

  @view
  callsEntry(): Int {
    this.pay();
    return 0;
  }

  @view
  proves(): Int {
    this.check();
    return 0;
  }

  @view
  callsInterface(): Int {
    return this.peekOther();
  }

  ping(): void {
    emit<Pinged>({ n: 1 });
  }

  viaPing(): Int {
    this.ping();
    return 1;
  }

  pay(): void {
    contractAt<Payee>(ctx.caller).pay(1);
  }

  check(): void {
    prove(this.secret > 0);
  }

  peekOther(): Int {
    return this.other.value();
  }
}

interface Payee {
  pay(n: Int): void;
}
