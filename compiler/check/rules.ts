/**
 * Determinism and safety rules over the syntax tree (E4xxx): forbidden globals (`Date`, `Math`,
 * `eval`, ...), forbidden members (`__proto__`, `constructor`, ...), reserved `__` names, and every
 * forbidden construct the parser kept (`async`, generators, accessors, regexes, `with`, labels,
 * dynamic `import()`, `var`, `null`, `typeof`, `delete`, `throw`, ...). Each construct has its own
 * code so that users can look it up. Runs on every unit, independently of the checker.
 * Does NOT use types (type-based rules live in the checker).
 * @module
 */
import type { Identifier, Modifier, Node, SourceUnit } from '../ast/nodes.ts';
import type { DiagnosticBag } from '../diagnostics.ts';
import type { DiagnosticName } from '../diagnostic-codes.ts';
import { BANNED_GLOBALS, BANNED_MEMBERS } from './builtins.ts';

/** Forbidden expression and statement constructs → their diagnostic. */
const CONSTRUCT_CODES: Readonly<Record<string, DiagnosticName>> = {
  regex: 'RegexNotAllowed',
  template: 'TemplateNotAllowed',
  'tagged-template': 'TemplateNotAllowed',
  typeof: 'TypeofNotAllowed',
  delete: 'DeleteNotAllowed',
  void: 'VoidOperatorNotAllowed',
  await: 'AsyncNotAllowed',
  yield: 'GeneratorNotAllowed',
  'function-expression': 'FunctionExpressionNotAllowed',
  'class-expression': 'NestedClassNotAllowed',
  'class-in-block': 'NestedClassNotAllowed',
  'function-in-block': 'NestedFunctionNotAllowed',
  'dynamic-import': 'DynamicImportNotAllowed',
  'import-meta': 'DynamicImportNotAllowed',
  'import-in-block': 'DynamicImportNotAllowed',
  null: 'NullNotAllowed',
  super: 'SuperNotAllowed',
  'new-target': 'UnsupportedConstruct',
  comma: 'CommaNotAllowed',
  with: 'WithNotAllowed',
  label: 'LabelNotAllowed',
  debugger: 'DebuggerNotAllowed',
  throw: 'ThrowNotAllowed',
  'for-in': 'ForInNotAllowed',
};

const MODIFIER_CODES: Partial<Record<Modifier, DiagnosticName>> = {
  async: 'AsyncNotAllowed',
  generator: 'GeneratorNotAllowed',
  get: 'AccessorNotAllowed',
  set: 'AccessorNotAllowed',
  static: 'StaticNotAllowed',
  abstract: 'ModifierNotAllowed',
  declare: 'ModifierNotAllowed',
  override: 'ModifierNotAllowed',
  protected: 'ModifierNotAllowed',
};

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string' && typeof (x as { span?: unknown }).span === 'object';
}

/** Direct child nodes of any node, found structurally so new node kinds are never skipped. */
function children(n: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(n)) {
    if (key === 'span') continue;
    const v = (n as unknown as Record<string, unknown>)[key];
    if (Array.isArray(v)) {
      for (const x of v) {
        if (isNode(x)) out.push(x);
        else if (typeof x === 'object' && x !== null) {
          // ObjectPattern properties are `{ key, local }` pairs.
          for (const y of Object.values(x)) if (isNode(y)) out.push(y);
        }
      }
    } else if (isNode(v)) out.push(v);
  }
  return out;
}

/** Checks the rules over every unit. */
export function checkRules(units: readonly SourceUnit[], bag: DiagnosticBag): void {
  for (const unit of units) {
    const stack: Node[] = [unit];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      visit(n, bag);
      const kids = children(n);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Node);
    }
  }
}

function checkDeclaredName(id: Identifier, bag: DiagnosticBag): void {
  if (BANNED_GLOBALS.has(id.name)) bag.report('BannedGlobal', id.span, [id.name, BANNED_GLOBALS.get(id.name) as string]);
}

function visit(n: Node, bag: DiagnosticBag): void {
  switch (n.kind) {
    case 'Identifier':
      if (n.name.startsWith('__') && !BANNED_MEMBERS.has(n.name)) bag.report('ReservedName', n.span, [n.name]);
      return;
    case 'Name':
      if (n.name.startsWith('__')) bag.report('ReservedName', n.span, [n.name]);
      else if (BANNED_GLOBALS.has(n.name)) bag.report('BannedGlobal', n.span, [n.name, BANNED_GLOBALS.get(n.name) as string]);
      return;
    case 'MemberExpr':
      if (BANNED_MEMBERS.has(n.property.name)) bag.report('BannedMember', n.property.span, [n.property.name]);
      return;
    case 'IndexExpr':
      if (n.index.kind === 'StringLit' && (BANNED_MEMBERS.has(n.index.value) || n.index.value.startsWith('__'))) bag.report('BannedMember', n.index.span, [n.index.value]);
      return;
    case 'PropertyAssignment': {
      const key = n.key.kind === 'Identifier' ? n.key.name : n.key.value;
      if (BANNED_MEMBERS.has(key)) bag.report('BannedMember', n.key.span, [key]);
      return;
    }
    case 'PropertySignature':
    case 'MethodSignature':
    case 'FieldDecl':
      if (BANNED_MEMBERS.has(n.name.name)) bag.report('BannedMember', n.name.span, [n.name.name]);
      if (n.kind === 'FieldDecl') modifiers(n.modifiers, n.span, bag);
      return;
    case 'MethodDecl':
      if (BANNED_MEMBERS.has(n.name.name)) bag.report('BannedMember', n.name.span, [n.name.name]);
      modifiers(n.modifiers, n.name.span, bag);
      return;
    case 'ConstructorDecl':
      modifiers(n.modifiers, n.span, bag);
      return;
    case 'ClassDecl':
      modifiers(n.modifiers, n.name.span, bag);
      checkDeclaredName(n.name, bag);
      return;
    case 'FunctionDecl':
      modifiers(n.modifiers, n.name.span, bag);
      checkDeclaredName(n.name, bag);
      return;
    case 'InterfaceDecl':
    case 'TypeAliasDecl':
    case 'EnumDecl':
      checkDeclaredName(n.name, bag);
      return;
    case 'Param':
      checkDeclaredName(n.name, bag);
      if (n.rest) bag.report('RestParameter', n.span);
      if (n.modifiers.length > 0) bag.report('ParameterProperty', n.span, [n.modifiers[0] as string]);
      return;
    case 'VarDeclarator':
      if (n.binding.kind === 'Identifier') checkDeclaredName(n.binding, bag);
      return;
    case 'VarDecl':
      if (n.declKind === 'var') bag.report('VarNotAllowed', n.span);
      return;
    case 'ForOfStmt':
      if (n.declKind === 'var') bag.report('VarNotAllowed', n.span);
      if (n.binding.kind === 'Identifier') checkDeclaredName(n.binding, bag);
      return;
    case 'ArrowFunction':
      if (n.async) bag.report('AsyncNotAllowed', n.span);
      return;
    case 'BreakStmt':
    case 'ContinueStmt':
      if (n.label !== undefined) bag.report('LabelNotAllowed', n.label.span);
      return;
    case 'BannedExpr':
    case 'BannedStmt': {
      const code = CONSTRUCT_CODES[n.construct] ?? 'UnsupportedConstruct';
      bag.report(code, n.span, [n.construct]);
      return;
    }
    default:
      return;
  }
}

function modifiers(mods: readonly Modifier[], span: Node['span'], bag: DiagnosticBag): void {
  for (const m of mods) {
    const code = MODIFIER_CODES[m];
    if (code !== undefined) bag.report(code, span, [m]);
  }
}
