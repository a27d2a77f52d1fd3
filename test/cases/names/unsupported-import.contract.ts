// Only named imports exist.
import Ledger from './shared.lib.contract';
import * as lib from './shared.lib.contract';

@contract
export class C {
  @view
  one(): Int {
    return 1;
  }
}
