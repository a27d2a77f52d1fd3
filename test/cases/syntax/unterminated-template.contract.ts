// E1009: a template literal must be closed.
export const t = `open;
