// Sealed values are opaque outside prove(); relations need a comparison and a sealed operand.
interface Policy {
  insured: Sealed<string>;
  sumInsured: Sealed<Money<'USD'>>;
}

@contract
export class Privacy {
  limit: Money<'USD'> = money(1000, 'USD');
  policies: Map<string, Policy> = new Map();

  @entry
  claim(p: Policy, amount: Sealed<Money<'USD'>>, name: string): void {
    const shown = p.insured + 'x';
    const twice = amount + amount;
    const bigger = amount > this.limit;
    const len = p.insured.length;
    const c = commitmentOf(p.insured);
    prove(amount);
    prove(this.limit <= this.limit);
    prove(amount <= name);
    prove(amount <= this.limit);
  }

  @view
  peek(amount: Sealed<Money<'USD'>>): Commitment {
    prove(amount <= this.limit);
    return commitmentOf(amount);
  }
}
