/**
 * Generic traversal of the AST: {@link forEachChild} lists a node's direct children in source
 * order (the one place that knows every node's child fields), and {@link walk} visits a whole
 * subtree in pre-order with an explicit stack, so arbitrarily deep trees never overflow the call
 * stack. Used by the parser's depth check, the printer's tests and later passes.
 *
 * Does NOT interpret nodes, and never mutates them.
 * @module
 */
import { assertNever } from '../diagnostics.ts';
import type { Node } from './nodes.ts';

/**
 * Calls `fn` on each direct child of `node`, in source order. Optional children that are absent
 * are skipped; a shorthand `{ a }` yields both its key and its value (a `Name`).
 * @example forEachChild(unit, (item) => console.log(item.kind))
 */
export function forEachChild(node: Node, fn: (child: Node) => void): void {
  const each = (nodes: readonly Node[] | undefined): void => {
    if (nodes !== undefined) for (const n of nodes) fn(n);
  };
  const one = (n: Node | undefined): void => {
    if (n !== undefined) fn(n);
  };
  switch (node.kind) {
    case 'SourceUnit':
      return each(node.items);
    case 'ImportDecl':
      each(node.specifiers);
      return one(node.module);
    case 'ImportSpecifier':
      one(node.imported);
      return node.local === node.imported ? undefined : one(node.local);
    case 'ClassDecl':
      each(node.decorators);
      one(node.name);
      each(node.typeParams);
      one(node.extendsType);
      each(node.implementsTypes);
      return each(node.members);
    case 'FieldDecl':
      each(node.decorators);
      one(node.name);
      one(node.type);
      return one(node.init);
    case 'MethodDecl':
      each(node.decorators);
      one(node.name);
      each(node.typeParams);
      each(node.params);
      one(node.returnType);
      return one(node.body);
    case 'ConstructorDecl':
      each(node.params);
      return one(node.body);
    case 'Decorator':
      one(node.name);
      return each(node.args);
    case 'InterfaceDecl':
      one(node.name);
      each(node.typeParams);
      each(node.extendsTypes);
      return each(node.members);
    case 'PropertySignature':
      one(node.name);
      return one(node.type);
    case 'MethodSignature':
      one(node.name);
      each(node.params);
      return one(node.returnType);
    case 'TypeAliasDecl':
      one(node.name);
      each(node.typeParams);
      return one(node.type);
    case 'EnumDecl':
      one(node.name);
      return each(node.members);
    case 'EnumMember':
      one(node.name);
      return one(node.init);
    case 'FunctionDecl':
      one(node.name);
      each(node.typeParams);
      each(node.params);
      one(node.returnType);
      return one(node.body);
    case 'ConstDecl':
      return one(node.declaration);
    case 'Param':
      one(node.name);
      one(node.type);
      return one(node.init);
    case 'VarDecl':
      return each(node.declarations);
    case 'VarDeclarator':
      one(node.binding);
      one(node.type);
      return one(node.init);
    case 'ArrayPattern':
      return each(node.elements);
    case 'ObjectPattern':
      for (const p of node.properties) {
        fn(p.key);
        if (p.local !== p.key) fn(p.local);
      }
      return;
    case 'Block':
      return each(node.statements);
    case 'ExprStmt':
      return one(node.expression);
    case 'IfStmt':
      one(node.test);
      one(node.consequent);
      return one(node.alternate);
    case 'ForOfStmt':
      one(node.binding);
      one(node.iterable);
      return one(node.body);
    case 'ForStmt':
      one(node.init);
      one(node.test);
      one(node.update);
      return one(node.body);
    case 'WhileStmt':
      one(node.test);
      return one(node.body);
    case 'DoWhileStmt':
      one(node.body);
      return one(node.test);
    case 'ReturnStmt':
      return one(node.value);
    case 'BreakStmt':
    case 'ContinueStmt':
      return one(node.label);
    case 'SwitchStmt':
      one(node.discriminant);
      return each(node.cases);
    case 'SwitchCase':
      one(node.test);
      return each(node.body);
    case 'TryStmt':
      one(node.block);
      one(node.catchParam);
      one(node.catchBody);
      return one(node.finallyBody);
    case 'BannedStmt':
      each(node.expressions);
      return each(node.statements);
    case 'MemberExpr':
      one(node.object);
      return one(node.property);
    case 'IndexExpr':
      one(node.object);
      return one(node.index);
    case 'CallExpr':
    case 'NewExpr':
      one(node.callee);
      each(node.typeArgs);
      return each(node.args);
    case 'SpreadElement':
      return one(node.argument);
    case 'ArrayLit':
      return each(node.elements);
    case 'ObjectLit':
      return each(node.properties);
    case 'PropertyAssignment':
      one(node.key);
      return one(node.value);
    case 'UnaryExpr':
    case 'UpdateExpr':
      return one(node.operand);
    case 'BinaryExpr':
      one(node.left);
      return one(node.right);
    case 'AssignExpr':
      one(node.target);
      return one(node.value);
    case 'ConditionalExpr':
      one(node.test);
      one(node.consequent);
      return one(node.alternate);
    case 'ArrowFunction':
      each(node.params);
      one(node.returnType);
      return one(node.body);
    case 'NonNullExpr':
      return one(node.expression);
    case 'AsExpr':
      one(node.expression);
      return one(node.type);
    case 'BannedExpr':
      return each(node.operands);
    case 'TypeRef':
      one(node.name);
      return each(node.typeArgs);
    case 'ArrayType':
      return one(node.element);
    case 'UnionType':
      return each(node.types);
    case 'TypeLiteral':
      return each(node.members);
    case 'EmptyStmt':
    case 'Identifier':
    case 'Name':
    case 'ThisExpr':
    case 'NumberLit':
    case 'StringLit':
    case 'BoolLit':
    case 'UndefinedLit':
    case 'KeywordType':
    case 'LiteralType':
    case 'BannedType':
      return;
    default:
      return assertNever(node);
  }
}

/** What a {@link walk} visitor returns: `false` skips the node's children. */
export type WalkControl = boolean | void;

/**
 * Visits `root` and all its descendants in pre-order (source order), iteratively. `visit`
 * returning `false` skips that node's children; `parent` is the node's parent (or `undefined`
 * for `root`).
 * @example walk(unit, (n) => { if (n.kind === 'CallExpr') calls++; })
 */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => WalkControl): void {
  const stack: { node: Node; parent: Node | undefined }[] = [{ node: root, parent: undefined }];
  const children: Node[] = [];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: Node; parent: Node | undefined };
    if (visit(node, parent) === false) continue;
    children.length = 0;
    forEachChild(node, (c) => children.push(c));
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as Node, parent: node });
  }
}

/** Kinds of the expression nodes (where deep chains occur). */
const EXPRESSION_KINDS: ReadonlySet<string> = new Set([
  'NumberLit', 'StringLit', 'BoolLit', 'UndefinedLit', 'Name', 'ThisExpr', 'MemberExpr', 'IndexExpr', 'CallExpr',
  'NewExpr', 'ArrayLit', 'ObjectLit', 'UnaryExpr', 'UpdateExpr', 'BinaryExpr', 'AssignExpr', 'ConditionalExpr',
  'ArrowFunction', 'NonNullExpr', 'AsExpr', 'BannedExpr',
]);

/**
 * Finds, iteratively, a node deeper than `limit` under `root` (`root` has depth 1). Returns it
 * with its outermost expression ancestor (the whole expression a diagnostic should point at; the
 * node itself when it has none), or `undefined` if the tree is shallow enough.
 * @example findTooDeep(unit, 1000)?.outermost.span
 */
export function findTooDeep(root: Node, limit: number): { node: Node; outermost: Node } | undefined {
  const stack: { node: Node; depth: number; outermost: Node | undefined }[] = [{ node: root, depth: 1, outermost: undefined }];
  while (stack.length > 0) {
    const { node, depth, outermost } = stack.pop() as { node: Node; depth: number; outermost: Node | undefined };
    const anchor = outermost ?? (EXPRESSION_KINDS.has(node.kind) ? node : undefined);
    if (depth > limit) return { node, outermost: anchor ?? node };
    forEachChild(node, (c) => stack.push({ node: c, depth: depth + 1, outermost: anchor }));
  }
  return undefined;
}
