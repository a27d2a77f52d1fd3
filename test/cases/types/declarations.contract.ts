// Declarations: types must match, state fields are typed, variables are initialised.
@contract
export class Declarations {
  untyped = 1;
  name: string = 'treaty';

  @entry
  run(n: Int): void {
    const s: string = n;
    let later: Int;
    this.name = n;
  }
}
