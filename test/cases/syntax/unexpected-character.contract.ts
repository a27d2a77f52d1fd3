// E1001: a character that starts no token is skipped and reported.
export const total: Int = 1;
€
