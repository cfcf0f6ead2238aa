import { formatDecimal, formatLongDate, formatPClause, formatPercent, formatPValue, formatRupiah, formatShare, formatSigned } from '../../src/i18n/format';

describe('display formatting', () => {
  it('formatDecimal writes a decimal comma in Indonesian and a point in English', () => {
    expect(formatDecimal(3.4166, 'id')).toBe('3,42');
    expect(formatDecimal(3.4166, 'en')).toBe('3.42');
  });

  it('formatDecimal writes the dash for a missing figure, never 0', () => {
    expect(formatDecimal(null, 'id')).toBe('—');
  });

  it('formatSigned always writes the sign of a gap, with a true minus sign', () => {
    expect(formatSigned(-1.0791, 'id')).toBe('\u22121,08');
    expect(formatSigned(0.2139, 'en')).toBe('+0.21');
    expect(formatSigned(0, 'en')).toBe('0.00');
  });

  it('formatSigned keeps the sign of a gap that rounds to zero (still below target)', () => {
    expect(formatSigned(-0.004, 'en')).toBe('\u22120.00');
  });

  it('formatPValue writes three decimals, and "< 0,001" below that', () => {
    expect(formatPValue(0.027096, 'id')).toBe('0,027');
    expect(formatPValue(0.6769, 'en')).toBe('0.677');
    expect(formatPValue(0.0000038, 'id')).toBe('< 0,001');
    expect(formatPValue(null, 'en')).toBe('—');
  });

  it('formatPValue never shows a significant p as 0,050', () => {
    expect(formatPValue(0.04996, 'id')).toBe('< 0,050');
    expect(formatPValue(0.0494, 'en')).toBe('0.049');
    expect(formatPValue(0.0501, 'en')).toBe('0.050');
  });

  it('formatPClause writes p with "=" or "<" as a sentence needs', () => {
    expect(formatPClause(0.027096, 'id')).toBe('p = 0,027');
    expect(formatPClause(0.0000038, 'en')).toBe('p < 0.001');
  });

  it('formatPercent and formatShare write percentages with one decimal', () => {
    expect(formatPercent(85.714, 'id')).toBe('85,7%');
    expect(formatShare(0.8571428, 'en')).toBe('85.7%');
  });

  it('formatLongDate writes a date as in a letter, month in words, without a leading zero', () => {
    expect(formatLongDate('2027-01-10', 'id')).toBe('10 Januari 2027');
    expect(formatLongDate('2027-08-01', 'en')).toBe('1 August 2027');
    expect(formatLongDate(null, 'id')).toBe('—');
  });

  it('formatLongDate reads the date of a timestamp and writes the dash for anything that is not a date', () => {
    expect(formatLongDate('2027-01-10T03:00:00Z', 'id')).toBe('10 Januari 2027');
    expect(formatLongDate('2027-13-01', 'id')).toBe('—');
    expect(formatLongDate('besok', 'id')).toBe('—');
  });

  it('formatRupiah groups thousands with a point in Indonesian and a comma in English', () => {
    expect(formatRupiah(12_500_000, 'id')).toBe('Rp 12.500.000');
    expect(formatRupiah(12_500_000, 'en')).toBe('Rp 12,500,000');
    expect(formatRupiah(0, 'id')).toBe('Rp 0');
    expect(formatRupiah(950, 'id')).toBe('Rp 950');
    expect(formatRupiah(null, 'id')).toBe('—');
  });
});
