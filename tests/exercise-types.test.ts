/**
 * A lesson's exercise.ts (what the learner fills in) and solution.ts (the reference) declare the
 * same contract: every exported type and interface reads the same in both, and every exported
 * function has the same signature as a caller sees it (a default value counts as optional). Nothing else keeps the two copies in sync.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { lessonDirs } from '../tools/notebooks/lesson';

const printer = ts.createPrinter({ removeComments: true });

/** Each exported type, interface and function signature of a file, printed without comments or bodies. */
function contract(file: string): Record<string, string> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const out: Record<string, string> = {};
  for (const statement of source.statements) {
    if (!exported(statement)) continue;
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      out[`type ${statement.name.text}`] = printer.printNode(ts.EmitHint.Unspecified, statement, source);
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      const signature = ts.factory.updateFunctionDeclaration(statement, statement.modifiers, statement.asteriskToken, statement.name,
        statement.typeParameters, // As a caller sees it: `x = {}` is `x?`; a leading `_` (an unused stub parameter) does not count.
        statement.parameters.map((p) => ts.factory.updateParameterDeclaration(p, p.modifiers, p.dotDotDotToken, p.name.getText(source).replace(/^_/, ''),
          p.questionToken ?? (p.initializer ? ts.factory.createToken(ts.SyntaxKind.QuestionToken) : undefined), p.type, undefined)),
        statement.type, undefined);
      out[`function ${statement.name.text}`] = printer.printNode(ts.EmitHint.Unspecified, signature, source);
    }
  }
  return out;
}

describe('exercise.ts and solution.ts declare the same contract', () => {
  it.each(lessonDirs().map((dir) => [path.basename(dir), dir] as const))('%s', (_, dir) => {
    const exercise = contract(path.join(dir, 'exercise.ts'));
    expect(Object.keys(exercise).length).toBeGreaterThan(0);
    expect(exercise).toEqual(contract(path.join(dir, 'solution.ts')));
  });
});
