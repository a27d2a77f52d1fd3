// Mixing two static currencies is a type error; a run-time currency (Money) is checked at run time.
@contract
export class Monies {
  usd: Money<'USD'> = money(1, 'USD');
  eur: Money<'EUR'> = money(1, 'EUR');

  @view
  mix(any: Money): Money<'USD'> {
    const a = this.usd + this.eur;
    const b: Money<'USD'> = this.eur;
    const c: Money<'USD'> = any;
    const d = this.usd < this.eur;
    const e = ratio(this.usd, this.eur, 4, 'half-even');
    return a;
  }
}

// A conditional, ?? and equals() never join two static currencies (E3004, E3011); a static
// and a run-time currency join into a run-time one, in arrays and maps too (no error).
@contract
export class Branches {
  usd: Money<'USD'> = money(1, 'USD');
  eur: Money<'EUR'> = money(1, 'EUR');
  byId: Map<string, Money<'USD'>> = new Map();
  lists: Map<string, Money<'USD'>[]> = new Map();

  @view
  pick(b: boolean, any: Money, anyList: Money[], usdList: Money<'USD'>[]): Money<'USD'> {
    const a: Money<'USD'> = b ? this.usd : this.eur;
    const c = b ? this.usd : this.eur;
    const d = this.byId.get('x') ?? this.eur;
    const e = equals(this.usd, this.eur);
    const f = b ? this.usd : any;
    const g = b ? usdList : anyList;
    const h = this.lists.get('x') ?? anyList;
    const i = equals(usdList, anyList);
    return f;
  }
}

