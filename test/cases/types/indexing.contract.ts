// Indexing: arrays by Int, maps with get(), records by literal name only.
interface Claim {
  id: string;
  amount: Int;
}

@contract
export class Indexing {
  m: Map<string, Int> = new Map();

  @view
  run(c: Claim, key: string, n: Int): Int {
    const a = this.m['x'];
    const b = n[0];
    const d = c[key];
    const e = c['amount'];
    return e;
  }
}
