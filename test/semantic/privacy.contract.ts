// Sealed values and proofs: sealed inputs are opaque objects (validated, canonicalised) that can
// be stored, emitted and committed to; prove(...) hands the relation's public operands and the
// sealed operands' commitments to the host verifier (__host_verify) and reverts with
// RT_ERR_PROOF_INVALID when it rejects. The test host rejects any proof that involves commitment
// "0bad". Sealed numbers carry a range certificate ($certified(N)); the production runtime refuses
// an uncertified one (RT_ERR_SEALED_RANGE) before the code runs, so the lines with "0bad" and
// malformed commitments show the code's own checks on the reference host.

export interface Advised extends Event {
  id: string;
  estimate: Sealed<Money<'USD'>>;
  commitment: Commitment;
}

@contract
export class Advice {
  readonly limit: Money<'USD'>;
  losses: Map<string, Sealed<Money<'USD'>>> = new Map();
  count: Int = 0;

  constructor(limit: Money<'USD'>) {
    this.limit = limit;
  }

  @entry
  advise(id: string, estimate: Sealed<Money<'USD'>>): Commitment {
    prove(estimate <= this.limit);
    this.losses.set(id, estimate);
    this.count += 1;
    emit<Advised>({ id, estimate, commitment: commitmentOf(estimate) });
    return commitmentOf(estimate);
  }

  @entry
  scaled(estimate: Sealed<Int>, factor: Int): void {
    prove(estimate * 2 + 1_000 < factor * 3);
    this.count += 1;
  }

  @view
  stored(id: string): Sealed<Money<'USD'>> | undefined {
    return this.losses.get(id);
  }

  @view
  advised(): Int {
    return this.count;
  }
}

// ----
// deploy Advice({"amount": "1000.00", "currency": "USD"}) -> ok
// advise("c1", {$certified(1), "ciphertext": "ff00", "scheme": "x"}) -> $commitment(1)
// events -> [["Advised", {"id": "c1", "estimate": {"ciphertext": "ff00", $certified(1), "scheme": "x"}, "commitment": $commitment(1)}]]
// state Advice m/losses/c1 -> {"ciphertext":"ff00",$certified(1),"scheme":"x"}
// stored("c1") -> {"ciphertext": "ff00", $certified(1), "scheme": "x"}
// stored("c2") -> null
// advise("c2", {"commitment": "0bad", "ciphertext": "ff00"}) -> RT_ERR_PROOF_INVALID @ 27:5
// advise("c2", {"ciphertext": "ff00"}) -> RT_ERR_INVALID_ARGUMENT
// advise("c2", {"commitment": "0A0B"}) -> RT_ERR_INVALID_ARGUMENT
// advise("c2", "0a0b") -> RT_ERR_INVALID_ARGUMENT
// advised() -> "1"
// scaled({$certified(2)}, "5") -> null
// scaled({"commitment": "0bad"}, "5") -> RT_ERR_PROOF_INVALID
// advised() -> "2"
