// switch on enums, string unions, Int and boolean: fall-through as in TypeScript, default,
// break inside loops; enum members are their names at run time and in the ABI.

export enum Status { Open, Settled, Closed }
export type Peril = 'wind' | 'flood' | 'quake';

export interface Case {
  status: Status;
  peril: Peril;
}

@contract
export class Switches {
  status: Status = Status.Open;
  cases: Map<Status, Int> = new Map();

  @entry
  advance(): Status {
    switch (this.status) {
      case Status.Open:
        this.status = Status.Settled;
        break;
      case Status.Settled:
        this.status = Status.Closed;
        break;
      default:
        revert('already closed');
    }
    const n = this.cases.get(this.status) ?? 0;
    this.cases.set(this.status, n + 1);
    return this.status;
  }

  @view
  counts(): Map<Status, Int> {
    return this.cases;
  }

  @view
  factor(p: Peril): Decimal {
    let f: Decimal = 1;
    switch (p) {
      case 'quake':
        f = f * 2;
      case 'flood':
        f = f + 0.5;
        break;
      case 'wind':
        f = 0.9;
    }
    return f;
  }

  @view
  size(n: Int): string {
    switch (n) {
      case 0:
        return 'none';
      case 1:
      case 2:
        return 'few';
      default:
        return 'many';
    }
  }

  @view
  yesNo(b: boolean): string {
    switch (b) {
      case true:
        return 'yes';
      case false:
        return 'no';
    }
    return 'unreachable';
  }

  @view
  firstBig(xs: Int[]): Int {
    let found: Int = -1;
    for (const x of xs) {
      switch (x > 10) {
        case true:
          found = x;
          break;
        default:
          continue;
      }
      break;
    }
    return found;
  }

  @view
  describe(c: Case): string {
    return str(c.status) + '/' + c.peril + '/' + str(c.status == Status.Closed);
  }

  @view
  all(): Status[] {
    return [Status.Open, Status.Settled, Status.Closed];
  }
}

// ----
// deploy Switches() -> ok
// state Switches s/status -> "Open"
// advance() -> "Settled"
// advance() -> "Closed"
// advance() -> RT_ERR_REVERT @ 27:9 "already closed"
// state Switches s/status -> "Closed"
// counts() -> [["Closed", "1"], ["Settled", "1"]]
// state Switches m/cases/Closed -> "1"
// factor("quake") -> "2.5"
// factor("flood") -> "1.5"
// factor("wind") -> "0.9"
// factor("hail") -> RT_ERR_INVALID_ARGUMENT
// size("0") -> "none"
// size("2") -> "few"
// size("3") -> "many"
// yesNo(true) -> "yes"
// yesNo(false) -> "no"
// firstBig(["1", "20", "30"]) -> "20"
// firstBig(["1", "2"]) -> "-1"
// describe({"status": "Closed", "peril": "wind"}) -> "Closed/wind/true"
// describe({"status": "Pending", "peril": "wind"}) -> RT_ERR_INVALID_ARGUMENT
// describe({"status": 2, "peril": "wind"}) -> RT_ERR_INVALID_ARGUMENT
// all() -> ["Open", "Settled", "Closed"]
