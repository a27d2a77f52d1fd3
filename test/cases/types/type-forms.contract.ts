// Unsupported type forms.
interface Node {
  next: Node;
}

interface Mixed {
  a: Int;
  f(): void;
}

interface Odd extends E {}

enum E { A = 1, B }

type Pair = [Int, Int];
type Fn = (a: Int) => Int;
type Num = Int | string;
type Box<T> = { value: T };

interface Bad {
  e: Event;
  k: Map<Decimal, Int>;
  s: Sealed<Sealed<Int>>;
  shape: { a: Int };
  w: Map<string>;
  m: Money<string>;
}

@contract
export class Forms {
  f: Failure;
  g: Fn = 1;
}
