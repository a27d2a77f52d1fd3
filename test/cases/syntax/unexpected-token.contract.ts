// E1013: a token that cannot start or continue the construct.
export const x = ;
