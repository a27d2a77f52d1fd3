// E1011: a string may use only the escapes \n \t \r \\ \' \" \0 \uXXXX \u{...} and line continuations.
export const s = 'tab\x09';
