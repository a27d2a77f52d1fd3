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

  /** One E3014 per wrong operand, no E3001 for the result; require's condition is a condition. */
  @view
  operands(n: Int, s: string): Int {
    require(n, 'n must be set');
    const flag: Int = !s;
    return n || 3;
  }
}
