// Events, contract interfaces, array methods and lambdas.
interface Paid extends Event {
  amount: Money<'USD'>;
}

interface Note {
  text: string;
}

interface Ledger {
  pay(to: Address, amount: Money<'USD'>): void;
  balance(of: Address): Money<'USD'>;
}

@contract
export class Caller implements Ledger {
  ledger: Address;
  amounts: Money<'USD'>[] = [];

  constructor(ledger: Address) {
    this.ledger = ledger;
  }

  @entry
  run(n: Note): void {
    emit<Note>({ text: 'x' });
    emit(n);
    const l = contractAt<Note>(this.ledger);
    const total = this.amounts.reduce(acc => acc, 0);
    const sorted = sortBy(this.amounts, a => a > a);
    const same = this.amounts.filter(true);
    const big = this.amounts.map(a => {
      return a;
    });
    const x = n as Note;
    const has = [n].includes(n);
  }

  @view
  look(): Money<'USD'> {
    contractAt<Ledger>(this.ledger).pay(ctx.caller, money(1, 'USD'));
    emit<Paid>({ amount: money(1, 'USD') });
    return this.amounts[0];
  }
}
