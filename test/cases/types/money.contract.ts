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
