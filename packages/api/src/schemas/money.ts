/**
 * Prices as people read them: the shop's currency (an ISO 4217 code from shop settings, "USD"
 * until the admin sets it), formatted by Intl with that currency's own symbol and minor units
 * ("$180.50", "€180.50", "¥18,000"). Browser- and console-safe. One formatter per locale and
 * currency, built on first use and kept (building one costs far more than formatting with it).
 *
 * Storage: every price is an integer number of hundredths of the currency's main unit
 * (`price_cents`), whatever the currency, so changing the shop's currency never rescales stored
 * prices. A currency with no minor unit (JPY, KRW) shows whole units: Intl rounds, so ¥18,050.50
 * reads "¥18,051"; the quote forms take whole units for such a currency (`currencyDecimals`).
 * A currency with three minor digits (KWD) shows its third digit as 0.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, found);
  }
  return found;
}

/** The currency a shop has before its admin chooses one. */
export const DEFAULT_CURRENCY = "USD";

/** True for an ISO 4217 code this runtime knows ("USD", "EUR", "JPY"); upper case only. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencyCodes().includes(code);
}

let codes: string[] | null = null;

/** Every currency the runtime offers, for the settings picker. */
export function currencyCodes(): string[] {
  codes ??= Intl.supportedValuesOf("currency");
  return codes;
}

/** "USD — US Dollar", for the settings picker. */
export function currencyLabel(code: string, locale = "en"): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([locale], { type: "currency" }).of(code);
  } catch {
    name = undefined;
  }
  return name && name !== code ? `${code} — ${name}` : code;
}

/** How many digits after the decimal point the currency shows (USD 2, JPY 0, KWD 3). */
export function currencyDecimals(currency: string, locale = "en"): number {
  return formatter(locale, currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * A price to read, in the shop's currency: `cents` are hundredths of the main unit (see above).
 * An unknown code falls back to the default currency rather than failing a page.
 */
export function formatPrice(cents: number, currency: string, locale = "en"): string {
  const code = isCurrencyCode(currency) ? currency : DEFAULT_CURRENCY;
  return formatter(locale, code).format(cents / 100);
}
