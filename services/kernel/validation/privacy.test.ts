import { describe, expect, it } from 'vitest';
import { containsPersonalIdentifier, normaliseForIdentifiers } from './privacy';

// Zero-width space, zero-width non-joiner, zero-width joiner, word joiner, BOM, soft hyphen.
const ZW = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];

describe('the privacy rule finds personal identifiers in disguise', () => {
  it.each([
    ['a plain mobile number', '联系电话13912345678'],
    ['hyphens 3-4-4', '联系电话139-1234-5678'],
    ['spaces 3 4 4', '联系电话 138 1234 5678 请回访'],
    ['dots', '电话139.1234.5678'],
    ['spaced hyphens', '139 - 1234 - 5678'],
    ['full-width digits', '电话１３９１２３４５６７８'],
    ['full-width digits with an ideographic space', '１３９　１２３４　５６７８'],
    ['full-width hyphens', '１３９－１２３４－５６７８'],
    ['en dashes and em dashes', '139–1234—5678'],
    ['slashes and underscores', '139/1234_5678'],
    ['middle dots', '139·1234·5678'],
    ['zero-width joiners between every digit', [...'13912345678'].join('\u200d')],
    ['every invisible character', [...'13912345678'].map((d, i) => d + ZW[i % ZW.length]).join('')],
    ['a combining mark on each digit', [...'13912345678'].map((d) => d + '\u0336').join('')],
    ['a mobile number starting 19', '19912345678'],
    ['a resident ID', '610902198001011234'],
    ['a resident ID ending in X', '11010519491231002X'],
    ['a resident ID ending in x with spaces', '110105 19491231 002x'],
    ['a resident ID in groups of four with the X apart', '1101 0519 4912 3100 2 X'],
    ['a resident ID with full-width digits and Ｘ', '１１０１０５１９４９１２３１００２Ｘ'],
    ['a resident ID with its birth date written as a date', '610902 1990.01.01 123X'],
    ['a resident ID with hyphens', '610902-19900101-1234'],
    ['a mobile number after a date', '2025-03-01 联系 13812345678'],
  ])('finds %s', (_what, text) => {
    expect(containsPersonalIdentifier(text)).toBe(true);
  });
});

describe('the privacy rule lets innocent texts through', () => {
  it.each([
    ['a date', '2025-03-01 发现安全出口堵塞'],
    ['a date range with dots', '整改期 2013.05.01-2014.06.30'],
    ['a chain of dates', '2013.05.01-2014.06.30-2015.01.01-2016.12.31'],
    ['dates with slashes', '2019/05/01 至 2019/06/30'],
    ['a date and a time', '2019-05-01 10:30:15 检查'],
    ['an amount with a thousands separator and decimals', '直接损失 12,500.50 元'],
    ['a large amount', '损失 135,000,000 元'],
    ['a landline', '值班电话 029-88888888'],
    ['a landline with an area code in parentheses', '(0915) 3212345'],
    ['a record id and an amount', 'JJ-2025-000123 损失 12500 元'],
    ['a building address', '3 号楼 2 单元 1 层 101 室'],
    ['counts', '检查 15 处, 整改 12 处, 罚款 3 起'],
    ['a ten-digit number', '1381234567'],
    ['a number starting 12', '12345678901'],
    ['a 17-digit number', '22222222222222222'],
    ['a regulation number', 'GB 50016-2014 第 5.3.1 条'],
    ['full-width text without numbers', '安全出口堵塞，消防通道被占用。'],
  ])('lets %s through', (_what, text) => {
    expect(containsPersonalIdentifier(text)).toBe(false);
  });
});

describe('normaliseForIdentifiers', () => {
  it('maps full-width forms to ASCII and drops separators between digits only', () => {
    expect(normaliseForIdentifiers('Ａ１３９－１２３４ 号')).toBe('A1391234 号');
  });
  it('keeps separated dates apart', () => {
    expect(normaliseForIdentifiers('2013.05.01-2014.06.30')).toBe('‹date›-‹date›');
  });
});
