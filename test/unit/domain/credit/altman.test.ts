import { describe, expect, it } from 'vitest';
import { altmanScore, chooseVariant, zoneOf } from '../../../../src/domain/credit/altman.ts';

// Brainmass, "Computation of z score": working capital 90,000; total assets 620,000; retained
// earnings 30,000; EBIT 55,000; equity 100,000; total debt 280,000; sales 440,000 (dollars → cents).
const brainmass = {
  workingCapital: 9_000_000n,
  totalAssets: 62_000_000n,
  retainedEarnings: 3_000_000n,
  ebit: 5_500_000n,
  marketEquity: 10_000_000n,
  bookEquity: 10_000_000n,
  totalLiabilities: 28_000_000n,
  sales: 44_000_000n,
};

describe('Altman Z-scores', () => {
  it('original Z: WizEdu worked example (ratios 0.34, 0.15, 0.00, 0.80, 1.6) gives 2.70, grey zone', () => {
    const result = altmanScore('Z', {
      totalAssets: 100_000_000n,
      workingCapital: 34_000_000n,
      retainedEarnings: 15_000_000n,
      ebit: 0n,
      marketEquity: 80_000_000n,
      bookEquity: 1n,
      totalLiabilities: 100_000_000n,
      sales: 160_000_000n,
    });
    // 1.2·0.34 + 1.4·0.15 + 3.3·0 + 0.6·0.8 + 1.0·1.6 = 0.408 + 0.21 + 0.48 + 1.6 = 2.698
    expect(result.z).toBe(2.698);
    expect(result.zone).toBe('grey');
  });

  it('original Z on the Brainmass figures: 1.459, distress', () => {
    // 1.2·0.14516 + 1.4·0.04839 + 3.3·0.08871 + 0.6·0.35714 + 1.0·0.70968 = 1.45864
    const result = altmanScore('Z', brainmass);
    expect(result.z).toBe(1.459);
    expect(result.zone).toBe('distress');
  });

  it("Z' (private) on the same figures: 1.279, grey", () => {
    // 0.717·0.14516 + 0.847·0.04839 + 3.107·0.08871 + 0.420·0.35714 + 0.998·0.70968 = 1.27894
    const result = altmanScore("Z'", brainmass);
    expect(result.z).toBe(1.279);
    expect(result.zone).toBe('grey');
  });

  it("Z'' (non-manufacturer) on the same figures: 2.081, grey, with no sales term", () => {
    // 6.56·0.14516 + 3.26·0.04839 + 6.72·0.08871 + 1.05·0.35714 = 2.08113
    const result = altmanScore("Z''", brainmass);
    expect(result.z).toBe(2.081);
    expect(result.zone).toBe('grey');
    expect(result.ratios.x5).toBeNull();
  });

  it('places each variant’s published cut-offs in the right zones', () => {
    expect([1.8, 1.81, 2.99, 3.0].map((z) => zoneOf('Z', z))).toEqual(['distress', 'grey', 'grey', 'safe']);
    expect([1.22, 1.23, 2.9, 2.91].map((z) => zoneOf("Z'", z))).toEqual(['distress', 'grey', 'grey', 'safe']);
    expect([1.09, 1.1, 2.6, 2.61].map((z) => zoneOf("Z''", z))).toEqual(['distress', 'grey', 'grey', 'safe']);
  });

  it('chooses the variant from the company data', () => {
    expect(chooseVariant({ isPublic: true, isManufacturer: true })).toBe('Z');
    expect(chooseVariant({ isPublic: false, isManufacturer: true })).toBe("Z'");
    expect(chooseVariant({ isPublic: null, isManufacturer: true })).toBe("Z'");
    expect(chooseVariant({ isPublic: true, isManufacturer: false })).toBe("Z''");
    expect(chooseVariant({ isPublic: null, isManufacturer: null })).toBe("Z''");
  });

  it('needs the market value of equity for the original Z', () => {
    const { marketEquity: _omitted, ...book } = brainmass;
    expect(() => altmanScore('Z', book)).toThrow(/market value of equity/);
  });
});
