// E1021: top-level variables are constants.
let counter: Int = 0;
