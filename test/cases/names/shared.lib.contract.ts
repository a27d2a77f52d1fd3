export interface Shared {
  y: Int;
}
