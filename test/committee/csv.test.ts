import { describe, expect, it } from 'vitest';
import { flatten, toCsv } from '../../services/projector/committee/csv';

describe('committee CSV', () => {
  it('flattens nested objects with dots, joins arrays with semicolons and leaves nulls empty', () => {
    expect(Object.fromEntries(flatten({ a: 1, b: { c: null, d: { e: true } }, f: ['X', 'Y'], g: undefined }))).toEqual({
      a: 1,
      'b.c': null,
      'b.d.e': true,
      f: 'X;Y',
      g: null,
    });
  });

  it('quotes fields with commas, quotes and line breaks, and ends every line with CRLF', () => {
    const csv = toCsv([{ name: 'a,b', note: 'say "hi"', text: 'two\nlines', plain: 'ok' }], ['name', 'note', 'text', 'plain']);
    expect(csv).toBe('name,note,text,plain\r\n"a,b","say ""hi""","two\nlines",ok\r\n');
  });

  it('puts the declared columns first and appends undeclared ones in order of appearance', () => {
    expect(toCsv([{ b: 2, a: 1, extra: 'x' }, { a: 3, later: 'y' }], ['a', 'b'])).toBe('a,b,extra,later\r\n1,2,x,\r\n3,,,y\r\n');
  });

  it.each([
    ['=HYPERLINK("http://x.example","click")', `"'=HYPERLINK(""http://x.example"",""click"")"`],
    ['+86 1', "'+86 1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['a=1', 'a=1'],
    ['安全出口堵塞', '安全出口堵塞'],
  ])('neutralises the text %j as %s', (value, expected) => {
    expect(toCsv([{ v: value }], ['v'])).toBe(`v\r\n${expected}\r\n`);
  });

  it('leaves numbers alone, negative ones included', () => {
    expect(toCsv([{ v: -3, w: 0 }], ['v', 'w'])).toBe('v,w\r\n-3,0\r\n');
  });

  it('writes just the header for no rows', () => {
    expect(toCsv([], ['a', 'b.c'])).toBe('a,b.c\r\n');
  });
});
