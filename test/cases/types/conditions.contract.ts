// Conditions are boolean; optionals are checked before use; records compare with equals().
interface Claim {
  id: string;
  amount: Int;
}

@contract
export class Conditions {
  claims: Map<string, Claim> = new Map();

  @view
  check(id: string, n: Int, other: Claim): Int {
    if (n) {
      return 1;
    }
    const c = this.claims.get(id);
    const a = c.amount;
    const same = c == other;
    const k = n ?? 0;
    const label = n > 0 ? 'pos' : 7;
    while (id) {}
    return !n ? 1 : 0;
  }
}
