// "No hard-coded user-facing string outside the locale files": parse every renderer TSX file with
// the TypeScript compiler and flag text a person would read that does not come from t(…):
// JSX text with letters, string literals rendered as JSX children, and literal values of
// attributes that are read out or shown (aria-label, title, placeholder, alt, …).
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files';

const SPOKEN_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-valuetext', 'aria-roledescription', 'title', 'placeholder', 'alt', 'label']);
const hasWords = (text: string) => /\p{L}{2,}/u.test(text);

export function findHardCodedStrings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const isLiteral = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
    ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) found.push(`${where(node)} text "${node.text.trim()}"`);
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const expr = node.expression;
      const literals = isLiteral(expr) ? [expr] : ts.isConditionalExpression(expr) ? [expr.whenTrue, expr.whenFalse].filter(isLiteral) : [];
      for (const lit of literals) if (hasWords(lit.text)) found.push(`${where(lit)} child "${lit.text}"`);
      if (ts.isTemplateExpression(expr) && [expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)].some(hasWords)) {
        found.push(`${where(expr)} template child`);
      }
    }
    if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      const lit = isLiteral(init) ? init : ts.isJsxExpression(init) && init.expression && isLiteral(init.expression) ? init.expression : null;
      if (lit && hasWords(lit.text)) found.push(`${where(lit)} ${node.name.getText(file)}="${lit.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('renderer strings', () => {
  it('the check finds each kind of hard-coded string (so it can fail)', () => {
    const sample = `
      const a = <p>Hello there</p>;
      const b = <button aria-label="Close window" title={'More info'}>{'Press me'}</button>;
      const c = <img alt="Portrait" />;
      const d = <p>{ok ? 'Yes it is' : t('x')}</p>;
      const e = <p>{\`Total \${n}\`}</p>;
      const fine = <p className="lead" data-testid="start-button">{t('start.title')} · {' '}✓</p>;`;
    const found = findHardCodedStrings('sample.tsx', sample);
    expect(found).toHaveLength(7);
    expect(found.join('\n')).not.toMatch(/lead|start-button|start\.title/);
  });

  it('no TSX file under renderer/src has user-facing text outside the locale files', () => {
    const files = sourceFiles().filter((f) => f.path.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => findHardCodedStrings(f.path, f.text))).toEqual([]);
  });
});
