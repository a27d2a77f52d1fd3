// Import resolution: missing module, missing export, a cycle, a type declared twice.
import { Missing } from './does-not-exist.contract';
import { Hidden, Visible } from './imports.lib.contract';
import { min } from '@covenant/std';
import { nothing } from '@covenant/std';
import { Shared } from './shared.lib.contract';

interface Shared {
  x: Int;
}

@contract
export class Importer {
  value: Int = 0;

  @entry
  set(v: Visible): void {
    this.value = min(v.n, 10);
  }
}
