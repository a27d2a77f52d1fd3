// E5003: a contract the artifact format cannot hold is not emitted: a state type nested deeper
// than the 32 levels the ABI allows.

@contract
export class ArtifactLimits {
  cube: Int[][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][] = [];

  @view
  depth(): Int {
    return 33;
  }
}
