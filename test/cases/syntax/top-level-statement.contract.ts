// E1014: a file contains declarations only.
export const a: Int = 1;
require(a > 0, "positive");
