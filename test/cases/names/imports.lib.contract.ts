// Imported by imports.contract.ts; imports it back (a cycle).
import { Importer } from './imports.contract';

interface Hidden {
  n: Int;
}

export interface Visible {
  n: Int;
}
