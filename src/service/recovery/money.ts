// Money as integers in the currency's minor unit (cents; yen have none), so sums are exact.

const known = new Set(Intl.supportedValuesOf('currency'));

export const isCurrency = (code: string) => known.has(code);

/** Digits after the decimal point in a currency: 2 for EUR, 0 for JPY, 3 for BHD. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 12.5 EUR → 1250; null when the amount has more decimals than the currency allows. */
export function toMinor(amount: number, currency: string): number | null {
  const scaled = amount * 10 ** currencyDigits(currency);
  const rounded = Math.round(scaled);
  return Math.abs(scaled - rounded) < 1e-6 ? rounded : null;
}

export function fromMinor(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}

export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(fromMinor(minor, currency));
}
