// E1002: a string literal must close on its own line.
export const name = 'unterminated;
