// Types that cannot be inferred, values that are not values, lambdas out of place.
interface Point {
  x: Int;
  y: Int;
}

@contract
export class Inference {
  @view
  run(): Int {
    const a = [];
    const b = { x: 1, y: 2 };
    const c = new Map();
    const d = undefined;
    const f = (x: Int) => x;
    const p: Point = { x: 1 };
    const q: Point = { x: 1, y: 2, z: 3 };
    const v = ctx;
    const w = new Point();
    const m: Map<string, Int> = new Map([['a', 1], 'b']);
    return 0;
  }
}
