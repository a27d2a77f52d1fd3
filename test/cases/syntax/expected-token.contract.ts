// E1012: a required token is missing.
export const x = min(1, 2;
