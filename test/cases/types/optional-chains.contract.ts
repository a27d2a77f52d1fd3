// Optional chains: links after "?." see the present value, the chain's value is optional, an
// optional link's own optionality is still checked, and a chain is never assigned to.
interface Inner {
  n: Int;
  xs: Int[];
}

interface Holder {
  inner: Inner;
  opt?: Inner;
}

@contract
export class OptionalChains {
  @entry
  run(h: Holder | undefined, o: Inner | undefined): Int {
    const a = o.n;
    const b = h?.opt.n;
    const c: Int = h?.inner.n;
    const d = h?.inner.xs.length + 1;
    h?.inner.n = 1;
    h?.inner.xs[0] = 2;
    h?.inner.n++;
    const fine: Int = h?.inner.xs.length ?? h?.opt?.xs[0] ?? 0;
    return fine;
  }
}
