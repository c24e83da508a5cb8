/**
 * Compiling a lesson's TypeScript for the page's runner (in its Web Worker; plain functions, so
 * Node tests run them too).
 *
 * Types are stripped with sucrase (no type checking: a type error is not reported, the code runs as
 * JavaScript). Two forms:
 *
 * - A **cell** shares one scope with the lesson's other cells, as in a notebook: its top-level
 *   declarations (`const`, `let`, `var`, functions, classes, imports) become global variables of
 *   the runner, so a later cell sees them and running a `const` cell again works (each declaration
 *   is rewritten to an assignment). Unused imports are kept: a cell often imports for later cells.
 *   Top-level `await` works; the value of a last bare expression is returned, as a kernel shows it.
 * - A **module** (exercise.ts, a grader, a lesson's helper file) is CommonJS with its own scope:
 *   `require`, `exports`, top-level `await`, and `import.meta.url` replaced by the module's URL.
 */
import { parse, type Declaration, type Node, type Pattern, type Program } from 'acorn';
import { transform } from 'sucrase';

/** A cell ready to run: the body of an async function taking the runner's import function `__import`. */
export interface CompiledCell {
  code: string;
  /** The globals the cell declares (to create before it runs). */
  names: string[];
}

/** The parameter through which a cell imports: `__import(specifier)` returns the module. */
export const CELL_IMPORT = '__import';

interface Edit {
  start: number;
  end: number;
  text: string;
}

function namesIn(pattern: Pattern, into: string[]): void {
  switch (pattern.type) {
    case 'Identifier':
      into.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) namesIn(property.type === 'RestElement' ? property.argument : property.value, into);
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) namesIn(element, into);
      break;
    case 'RestElement':
      namesIn(pattern.argument, into);
      break;
    case 'AssignmentPattern':
      namesIn(pattern.left, into);
      break;
    default:
      break;
  }
}

function stripTypes(source: string, keepUnusedImports: boolean, transforms: ('typescript' | 'imports')[]): string {
  return transform(source, { transforms, keepUnusedImports, disableESTransforms: true }).code;
}

/** A cell's TypeScript → `CompiledCell` (throws a SyntaxError naming the line on bad syntax). */
export function compileCell(source: string): CompiledCell {
  const js = stripTypes(source, true, ['typescript']);
  const program = parse(js, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true, locations: true }) as Program;
  const names: string[] = [];
  const edits: Edit[] = [];
  const hoisted: string[] = [];
  const text = (node: Node) => js.slice(node.start, node.end);
  program.body.forEach((statement, index) => {
    const last = index === program.body.length - 1;
    let node: Program['body'][number] | Declaration = statement;
    if (statement.type === 'ExportNamedDeclaration' && statement.declaration) {
      node = statement.declaration; // a cell exports nothing: keep the declaration
      edits.push({ start: statement.start, end: node.start, text: '' });
    }
    switch (node.type) {
      case 'ImportDeclaration': {
        const parts = [`const __m = await ${CELL_IMPORT}(${JSON.stringify(node.source.value)});`];
        for (const specifier of node.specifiers) {
          names.push(specifier.local.name);
          if (specifier.type === 'ImportNamespaceSpecifier') parts.push(`${specifier.local.name} = __m;`);
          else if (specifier.type === 'ImportDefaultSpecifier') parts.push(`${specifier.local.name} = __m.default;`);
          else {
            const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
            parts.push(`${specifier.local.name} = __m[${JSON.stringify(imported)}];`);
          }
        }
        edits.push({ start: node.start, end: node.end, text: `{ ${parts.join(' ')} }` });
        break;
      }
      case 'VariableDeclaration': {
        const assignments = node.declarations.map((declarator) => {
          namesIn(declarator.id, names);
          return `(${text(declarator.id)} = ${declarator.init ? text(declarator.init) : 'undefined'});`;
        });
        edits.push({ start: node.start, end: node.end, text: assignments.join(' ') });
        break;
      }
      case 'FunctionDeclaration':
        if (node.id) {
          names.push(node.id.name);
          hoisted.push(`globalThis[${JSON.stringify(node.id.name)}] = ${node.id.name};`);
        }
        break;
      case 'ClassDeclaration':
        if (node.id) {
          names.push(node.id.name);
          edits.push({ start: node.start, end: node.end, text: `${node.id.name} = ${text(node)};` });
        }
        break;
      case 'ExpressionStatement':
        if (last) edits.push({ start: node.start, end: node.end, text: `return (${text(node.expression)});` });
        break;
      default:
        break;
    }
  });
  let code = js;
  for (const edit of edits.sort((a, b) => b.start - a.start)) code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
  return { code: `${hoisted.join(' ')}\n${code}`, names: [...new Set(names)] };
}

/** A module's TypeScript → the body of an async function taking `require`, `exports` and `module`. */
export function compileModule(source: string, url: string): string {
  const withUrl = source.replace(/\bimport\.meta\.url\b/g, JSON.stringify(url));
  return stripTypes(withUrl, false, ['typescript', 'imports']);
}
