// Unknown and misused names.
interface Claim {
  id: string;
  amount: Money<'USD'>;
}

function helper(x: Int): Int {
  return x + 1;
}

const LIMIT: Int = 10;

@contract
export class Names {
  total: Int = 0;
  claims: Map<string, Claim> = new Map();

  @entry
  run(c: Claim): Int {
    const a = undefinedThing + 1;
    const b: Missing = 1;
    const d = c.amout;
    const e = Claim;
    const f = helper;
    const g = this.run;
    const h: helper = 1;
    return this.nothing;
  }

  @entry
  dup(x: Int): Int {
    const y = 1;
    const y = 2;
    return x + LIMIT;
  }
}
