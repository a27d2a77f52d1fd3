// E1006: identifiers use ASCII letters, digits and "_" only.
export const café = 1;
export const $price = 2;
