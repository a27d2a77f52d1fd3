// Duplicate members, declarations and constructors.
interface Claim {
  id: string;
  id: string;
}

function twice(): void {}
function twice(): void {}

@contract
export class Dupes {
  total: Int = 0;
  total: Int = 1;

  constructor() {}
  constructor(x: Int) {}

  @view
  read(): Int {
    return this.total;
  }
}
