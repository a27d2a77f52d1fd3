// Records are references within a call, as in TypeScript: changing a record read from state
// changes the state; spread makes a copy; equals compares structurally.

export interface Claim {
  id: string;
  amount: Money<'USD'>;
  paid: boolean;
  note?: string;
}

export interface Book {
  owner: string;
  claims: Claim[];
}

@contract
export class Claims {
  claims: Map<string, Claim> = new Map();
  book: Book = { owner: 'acme', claims: [] };
  last: Claim | undefined = undefined;

  @entry
  add(id: string, amount: Money<'USD'>): void {
    const c: Claim = { id, amount, paid: false };
    this.claims.set(id, c);
    this.book.claims.push(c);
    this.last = c;
    c.note = 'added';
  }

  /** Mutating the record obtained from state persists it (no write-back needed). */
  @entry
  pay(id: string): void {
    this.claims.get(id)!.paid = true;
  }

  /** A spread copy does not alias: changing it leaves the state alone. */
  @entry
  payCopy(id: string): boolean {
    const c = this.claims.get(id)!;
    const copy: Claim = { ...c, paid: true };
    copy.note = 'copy';
    return c.paid;
  }

  @entry
  renameOwner(owner: string): string {
    const b = this.book;
    b.owner = owner;
    return this.book.owner;
  }

  @entry
  touchFirst(): void {
    const first = this.book.claims[0];
    first.note = 'first';
  }

  @view
  get(id: string): Claim | undefined {
    return this.claims.get(id);
  }

  @view
  owner(): string {
    return this.book.owner;
  }

  @view
  lastNote(): string {
    return this.last?.note ?? 'none';
  }

  @view
  firstNote(): string {
    return this.book.claims[0].note ?? 'none';
  }

  @view
  destructure(c: Claim): string {
    const { id, amount: gross, note } = c;
    return id + ' ' + str(gross) + ' ' + (note ?? '-');
  }

  @view
  same(a: Claim, b: Claim): boolean {
    return equals(a, b);
  }

  @view
  sameLists(a: Claim[], b: Claim[]): boolean {
    return equals(a, b);
  }

  @view
  echo(c: Claim): Claim {
    return c;
  }
}

// ----
// deploy Claims() -> ok
// add("c1", {"amount": "10.00", "currency": "USD"}) -> null
// get("c1") -> {"id": "c1", "amount": {"amount": "10.00", "currency": "USD"}, "paid": false, "note": "added"}
// state Claims m/claims/c1 -> {"amount":{"amount":"10.00","currency":"USD"},"id":"c1","note":"added","paid":false}
// lastNote() -> "added"
// firstNote() -> "added"
// pay("c1") -> null
// get("c1") -> {"id": "c1", "amount": {"amount": "10.00", "currency": "USD"}, "paid": true, "note": "added"}
// pay("c2") -> RT_ERR_MISSING_VALUE @ 34:5
// payCopy("c1") -> true
// add("c2", {"amount": "1.00", "currency": "USD"}) -> null
// payCopy("c2") -> false
// get("c2") -> {"id": "c2", "amount": {"amount": "1.00", "currency": "USD"}, "paid": false, "note": "added"}
// renameOwner("globex") -> "globex"
// owner() -> "globex"
// touchFirst() -> null
// firstNote() -> "first"
// get("c1") -> {"id": "c1", "amount": {"amount": "10.00", "currency": "USD"}, "paid": true, "note": "added"}
// destructure({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false}) -> "x USD 1.50 -"
// destructure({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false, "note": "n"}) -> "x USD 1.50 n"
// destructure({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false, "note": null}) -> RT_ERR_INVALID_ARGUMENT
// destructure({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}}) -> RT_ERR_INVALID_ARGUMENT
// destructure({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false, "other": 1}) -> RT_ERR_INVALID_ARGUMENT
// destructure({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false, "__proto__": {"paid": true}}) -> RT_ERR_INVALID_ARGUMENT
// destructure({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false, "constructor": 1}) -> RT_ERR_INVALID_ARGUMENT
// destructure({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false, "toString": 1}) -> RT_ERR_INVALID_ARGUMENT
// destructure({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": "no"}) -> RT_ERR_INVALID_ARGUMENT
// same({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false}, {"paid": false, "id": "x", "amount": {"amount": "1.50", "currency": "USD"}}) -> true
// same({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false}, {"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false, "note": "n"}) -> false
// same({"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false}, {"id": "x", "amount": {"amount": "1.51", "currency": "USD"}, "paid": false}) -> false
// sameLists([], []) -> true
// sameLists([{"id": "x", "amount": {"amount": "1.50", "currency": "USD"}, "paid": false}], []) -> false
// echo({"paid": true, "id": "y", "amount": {"amount": "-0.01", "currency": "USD"}}) -> {"id": "y", "amount": {"amount": "-0.01", "currency": "USD"}, "paid": true}
