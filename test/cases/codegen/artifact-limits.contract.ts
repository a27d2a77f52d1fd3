// E5003: a contract the artifact format cannot hold is not emitted: an entry name longer than
// the 128 characters the ABI allows.

@contract
export class ArtifactLimits {
  @entry
  settleAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA(): void {}
}
