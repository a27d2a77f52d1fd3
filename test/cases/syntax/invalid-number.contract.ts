// E1004: only plain decimal literals exist; each rejected form names its replacement.
export const a = 1e3;
export const b = 0x1F;
export const c = .5;
export const d = 10.;
export const e = 010;
