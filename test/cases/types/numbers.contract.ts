// Numbers: no binary floats, division names its rounding, exact money.
@contract
export class Numbers {
  x: number = 1;
  y: any = 1;
  price: Money<'USD'> = money(10.005, 'USD');
  yen: Money<'JPY'> = money(1.5, 'JPY');
  bad: Money<'XYZ'> = money(1, 'USD');
  raw: Money<USD> = money(1, 'USD');

  @view
  compute(a: Int, b: Int, d: Decimal): Int {
    const q = a / b;
    const m = this.price * 0.375;
    const r = div(a, b, 'nearest');
    const s = divide(d, d, 2, 'half-even');
    const t = 'a' * 2;
    const u = -true;
    const v = a & b;
    return q;
  }
}
