import { describe, expect, it } from "vitest";
import { currencyDecimals, formatPrice, isCurrencyCode } from "./money.ts";

// Intl separates a code from the amount with a no-break space; compare as people read it.
const read = (s: string) => s.replace(/\u00a0/g, " ");

describe("formatPrice", () => {
  it("writes US dollars with the symbol and cents", () => {
    expect(formatPrice(18_050, "USD")).toBe("$180.50");
    expect(formatPrice(123_456_700, "USD")).toBe("$1,234,567.00");
    expect(formatPrice(0, "USD")).toBe("$0.00");
  });

  it("writes euros with the euro sign", () => {
    expect(formatPrice(18_050, "EUR")).toBe("€180.50");
    expect(read(formatPrice(18_050, "EUR", "de-DE"))).toBe("180,50 €");
  });

  it("writes yen in whole units: stored hundredths round to the yen", () => {
    // price_cents is hundredths of the main unit whatever the currency: 1,800,000 is ¥18,000.
    expect(formatPrice(1_800_000, "JPY")).toBe("¥18,000");
    expect(formatPrice(1_805_050, "JPY")).toBe("¥18,051");
    expect(currencyDecimals("JPY")).toBe(0);
    expect(currencyDecimals("USD")).toBe(2);
    expect(currencyDecimals("KWD")).toBe(3);
  });

  it("falls back to dollars for a code it does not know rather than failing a page", () => {
    expect(formatPrice(18_050, "XYZ1")).toBe("$180.50");
  });
});

describe("isCurrencyCode", () => {
  it("takes ISO 4217 codes the runtime knows, upper case only", () => {
    expect(isCurrencyCode("USD")).toBe(true);
    expect(isCurrencyCode("JPY")).toBe(true);
    expect(isCurrencyCode("usd")).toBe(false);
    expect(isCurrencyCode("US")).toBe(false);
    expect(isCurrencyCode("DOLLAR")).toBe(false);
    expect(isCurrencyCode("ZZZ")).toBe(false);
  });
});
