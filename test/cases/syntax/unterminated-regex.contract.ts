// E1010: a regular expression literal must close on its own line.
export const r = /abc;
