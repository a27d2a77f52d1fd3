// E1019: "-2 ** 2" is ambiguous; JavaScript requires parentheses.
export const x = -2 ** 2;
