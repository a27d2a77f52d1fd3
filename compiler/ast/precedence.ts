/**
 * Binding power of the binary operators, shared by the AST builder (which folds the parser's flat
 * operand/operator chains by it) and the printer (which inserts parentheses from it), so that the
 * two cannot disagree. Higher binds tighter. The levels start at 4 so that the printer's looser
 * levels (comma, assignment, conditional) fit below them.
 *
 * Does NOT cover prefix, postfix or member expressions (the printer's own levels, above 14).
 * @module
 */
import type { BinaryOp } from './nodes.ts';

/** Binding power of each binary operator: 4 (`??`, `||`) to 14 (`**`). */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  '??': 4, '||': 4, '&&': 5, '|': 6, '^': 7, '&': 8,
  '==': 9, '!=': 9, '===': 9, '!==': 9,
  '<': 10, '<=': 10, '>': 10, '>=': 10, in: 10, instanceof: 10,
  '<<': 11, '>>': 11, '>>>': 11,
  '+': 12, '-': 12, '*': 13, '/': 13, '%': 13, '**': 14,
};

/** `x as T` binds like the relational operators. */
export const AS_PRECEDENCE = 10;
