// Contracts, decorators and triggers.
interface Loss extends Event {
  amount: Money<'USD'>;
}

class Plain {}

@contract
@audited
export class Child extends Plain {
  source: Address;
  start: LocalDate = date('2027-01-01');
  count: Int;

  constructor(source: Address) {
    this.source = source;
  }

  @entry
  @view
  both(): void {}

  @entry('x')
  withArgs(): void {}

  @contract
  misplaced(): void {}

  @on('nowhere')
  onLoss(l: Loss): void {}

  @on('source')
  onWrong(x: Int): Int {
    return x;
  }

  @every('P1M', 'source')
  monthly(d: LocalDate): void {}

  @every('monthly')
  badPeriod(): void {}

  @at('2027-13-01')
  badDate(): void {}

  @at('count')
  badField(): void {}

  @on
  noArgs(l: Loss): void {}
}
