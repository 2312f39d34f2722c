import { chinaTime, percent, toCsv, yuan } from './csv';

describe('CSV for spreadsheets', () => {
  it('quotes cells with commas, quotes and line breaks, starts with a BOM and ends lines with CRLF', () => {
    const csv = toCsv(['a', 'b'], [['维修马桶堵塞, 加急', 'say "hi"'], ['two\nlines', null]]);
    expect(csv).toBe('\uFEFFa,b\r\n"维修马桶堵塞, 加急","say ""hi"""\r\n"two\nlines",\r\n');
  });

  it('formats money, China time and rates', () => {
    expect(yuan(12345)).toBe('123.45');
    expect(yuan(null)).toBe('');
    expect(chinaTime('2026-11-22T01:30:00.000Z')).toBe('2026-11-22 09:30');
    expect(percent(0.9512)).toBe('95.1%');
  });

  it('keeps formulas as text (issue 9: CSV injection), numbers as numbers', () => {
    const csv = toCsv(['a'], [['=HYPERLINK("http://x","点我")'], ['+1+1'], ['@SUM(A1)'], ['-2+3'], ['-12.50'], [-3], ['95.1%']]);
    expect(csv.split('\r\n').slice(1, -1)).toEqual([`"'=HYPERLINK(""http://x"",""点我"")"`, "'+1+1", "'@SUM(A1)", "'-2+3", '-12.50', '-3', '95.1%']);
  });
});
