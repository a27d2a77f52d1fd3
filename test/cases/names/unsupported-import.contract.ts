// Only named imports exist.
import Ledger from './imports.lib.contract';
import * as lib from './imports.lib.contract';

@contract
export class C {
  @view
  one(): Int {
    return 1;
  }
}
