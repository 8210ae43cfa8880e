// CSV for auditors: RFC 4180 quoting and formula-injection protection (OWASP CSV injection).
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../main/review/export';
import { ftsQuery } from '../../../main/review/queue';

describe('CSV escaping', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it('quotes separators, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvCell('Rossi, Lucia')).toBe('"Rossi, Lucia"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('Müller')).toBe('Müller');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('writes a header, CRLF rows and a BOM', () => {
    const csv = toCsv(['a', 'b'], [{ a: 'x', b: '=y' }, { a: null, b: 'z,w' }]);
    expect(csv).toBe('\ufeffa,b\r\nx,\'=y\r\n,"z,w"\r\n');
  });
});

describe('search text to FTS query', () => {
  it('turns words into quoted prefix terms and never passes FTS syntax through', () => {
    expect(ftsQuery('Anna  Svensson')).toBe('"anna"* "svensson"*');
    expect(ftsQuery('NEAR(x y) OR "a"* col:b')).toBe('"near"* "x"* "y"* "or"* "a"* "col"* "b"*');
    expect(ftsQuery('  --  ')).toBeNull();
    expect(ftsQuery(undefined)).toBeNull();
    expect(ftsQuery('ΠΑΠΑΔΟΠΟΥΛΟΣ')).toBe('"παπαδοπουλος"*');
  });
});
