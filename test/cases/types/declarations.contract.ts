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

// A top-level constant does not destructure (E3041, once): its names are still declared, so
// their uses do not cascade into "Cannot find name".
interface Pair {
  low: Int;
  high: Int;
}

const PAIR: Pair = { low: 1, high: 2 };
const { low, high } = PAIR;

function spread(): Int {
  return high - low;
}
