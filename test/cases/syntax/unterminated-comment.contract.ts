// E1003: a block comment must be closed.
export const a: Int = 1;
/* never closed
