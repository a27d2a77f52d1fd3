// Loops, switch, try/finally.
enum Kind { A, B }

@contract
export class Loops {
  m: Map<string, Int> = new Map();

  @entry
  run(n: Int, k: Kind, d: Decimal): Int {
    break;
    for (const e of this.m) {}
    for (const x of n) {}
    for (const [a, b] of [1, 2]) {}
    switch (d) {
      case 1.5:
        break;
    }
    switch (k) {
      case Kind.A:
        break;
      case Kind.A:
        break;
      case n:
        break;
    }
    if (n > 0) const z = 1;
    try {
      n = 1;
    } finally {
      return 2;
    }
  }
}
