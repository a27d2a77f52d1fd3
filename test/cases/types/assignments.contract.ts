// Assignment targets.
interface Fixed {
  readonly id: string;
  n: Int;
}

@contract
export class Assignments {
  readonly owner: Address;
  n: Int = 0;

  constructor(owner: Address) {
    this.owner = owner;
  }

  @entry
  run(p: Int, f: Fixed, o: Fixed | undefined): void {
    const c = 1;
    c = 2;
    p = 3;
    this.owner = ctx.caller;
    f.id = 'x';
    ctx.caller = ctx.self;
    o?.n = 4;
    let s = 'a';
    s *= 2;
    this.n /= 2;
  }
}
