// require and revert: codes, messages and source positions (file:line:column from the artifact's
// span map) of failures in entries, helpers, imported functions, constants and lambdas; and a
// failure undoes every state change of the call.

import { always, checked, SCALE } from './failures.lib.contract';

@contract
export class Failing {
  value: Int = 0;

  @entry
  set(x: Int): Int {
    this.value = x;
    require(x != 13, 'unlucky');
    return this.value;
  }

  @entry
  viaHelper(x: Int): Int {
    this.value = x;
    return this.scaled(x);
  }

  scaled(x: Int): Int {
    return checked(x) * SCALE;
  }

  @entry
  alwaysFails(): Int {
    return always('no');
  }

  @entry
  inLambda(xs: Int[]): Int[] {
    return xs.map((x) => 100 - checked(x));
  }

  @entry
  plainRevert(why: string): void {
    if (why != '') {
      revert(why);
    }
  }

  @entry
  longMessage(n: Int): void {
    let s = 'x';
    for (let i = 0; i < n; i++) {
      s = s + s;
    }
    revert(s);
  }

  @view
  get(): Int {
    return this.value;
  }
}

// ----
// deploy Failing() -> ok
// set("5") -> "5"
// set("13") -> RT_ERR_REQUIRE_FAILED @ failures.contract.ts:14:5 "unlucky"
// get() -> "5"
// viaHelper("2") -> "20"
// viaHelper("-2") -> RT_ERR_REQUIRE_FAILED @ failures.lib.contract.ts:4:3 "negative input"
// get() -> "2"
// alwaysFails() -> RT_ERR_REVERT @ failures.lib.contract.ts:9:3 "helper: no"
// inLambda(["1", "2"]) -> ["99", "98"]
// inLambda(["1", "-2"]) -> RT_ERR_REQUIRE_FAILED @ failures.lib.contract.ts:4:3 "negative input"
// plainRevert("") -> null
// plainRevert("stop here") -> RT_ERR_REVERT @ failures.contract.ts:41:7 "stop here"
// longMessage("20") -> RT_ERR_REVERT
