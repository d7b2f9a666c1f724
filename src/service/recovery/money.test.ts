import { describe, expect, it } from 'vitest';
import { formatMoney, fromMinor, isCurrency, toMinor } from './money.ts';

describe('money in minor units', () => {
  it('converts by the currency’s own decimals', () => {
    expect(toMinor(12.5, 'EUR')).toBe(1250);
    expect(toMinor(0.1 + 0.2, 'EUR')).toBe(30);
    expect(toMinor(1500, 'JPY')).toBe(1500);
    expect(toMinor(1.234, 'BHD')).toBe(1234);
    expect(fromMinor(1250, 'EUR')).toBe(12.5);
  });

  it('refuses more decimals than the currency has', () => {
    expect(toMinor(12.345, 'EUR')).toBeNull();
    expect(toMinor(10.5, 'JPY')).toBeNull();
  });

  it('knows ISO 4217 codes and formats amounts', () => {
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('EURO')).toBe(false);
    expect(formatMoney(1250, 'EUR')).toBe('€12.50');
  });
});
