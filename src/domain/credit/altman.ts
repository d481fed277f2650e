// Altman Z-scores from financial statements, in the three published variants, with their zones.
// Sources: E. I. Altman, "Financial Ratios, Discriminant Analysis and the Prediction of Corporate
// Bankruptcy", Journal of Finance 23(4), 1968 (Z); E. I. Altman, "Predicting Financial Distress of
// Companies: Revisiting the Z-Score and ZETA Models", NYU Stern working paper, 2000 (Z' and Z'').
// Ratios are not money, so plain numbers are fine here; the inputs stay exact minor units.

import { ValidationError } from '../errors.ts';

export type AltmanVariant = 'Z' | "Z'" | "Z''";
export type AltmanZone = 'safe' | 'grey' | 'distress';

/** Line items in minor units of one currency. */
export interface FinancialItems {
  totalAssets: bigint;
  totalLiabilities: bigint;
  workingCapital: bigint;
  retainedEarnings: bigint;
  ebit: bigint;
  sales: bigint;
  /** Book value of equity (Z' and Z''). */
  bookEquity: bigint;
  /** Market value of equity (original Z, public companies). */
  marketEquity?: bigint | undefined;
}

export interface AltmanResult {
  variant: AltmanVariant;
  z: number;
  zone: AltmanZone;
  ratios: { x1: number; x2: number; x3: number; x4: number; x5: number | null };
}

interface Model {
  weights: readonly [number, number, number, number, number];
  /** Below `distress` is the distress zone; above `safe` the safe zone; between, grey. */
  distress: number;
  safe: number;
}

const MODELS: Record<AltmanVariant, Model> = {
  // Z = 1.2·X1 + 1.4·X2 + 3.3·X3 + 0.6·X4 + 1.0·X5; X4 = market equity / total liabilities.
  Z: { weights: [1.2, 1.4, 3.3, 0.6, 1.0], distress: 1.81, safe: 2.99 },
  // Z' = 0.717·X1 + 0.847·X2 + 3.107·X3 + 0.420·X4 + 0.998·X5; X4 = book equity / total liabilities.
  "Z'": { weights: [0.717, 0.847, 3.107, 0.42, 0.998], distress: 1.23, safe: 2.9 },
  // Z'' = 6.56·X1 + 3.26·X2 + 6.72·X3 + 1.05·X4 (no sales term, so asset-light firms are not penalised).
  "Z''": { weights: [6.56, 3.26, 6.72, 1.05, 0], distress: 1.1, safe: 2.6 },
};

/**
 * The variant the company's data calls for: the original Z for public manufacturers, Z' for private
 * (or unknown-listing) manufacturers, Z'' for non-manufacturers and for firms whose sector is unknown
 * (Z'' is Altman's general model; it does not depend on asset turnover, which varies by industry).
 */
export function chooseVariant(company: { isPublic: boolean | null; isManufacturer: boolean | null }) {
  if (company.isManufacturer !== true) return "Z''" as const;
  return company.isPublic === true ? ('Z' as const) : ("Z'" as const);
}

export function zoneOf(variant: AltmanVariant, z: number): AltmanZone {
  const model = MODELS[variant];
  if (z < model.distress) return 'distress';
  return z > model.safe ? 'safe' : 'grey';
}

const ratio = (a: bigint, b: bigint) => Number(a) / Number(b);

export function altmanScore(variant: AltmanVariant, items: FinancialItems): AltmanResult {
  if (items.totalAssets <= 0n) throw new ValidationError('Total assets must be positive');
  if (items.totalLiabilities <= 0n) throw new ValidationError('Total liabilities must be positive');
  let equity = items.bookEquity;
  if (variant === 'Z') {
    if (items.marketEquity === undefined) {
      throw new ValidationError('The original Z-score needs the market value of equity');
    }
    equity = items.marketEquity;
  }
  const x1 = ratio(items.workingCapital, items.totalAssets);
  const x2 = ratio(items.retainedEarnings, items.totalAssets);
  const x3 = ratio(items.ebit, items.totalAssets);
  const x4 = ratio(equity, items.totalLiabilities);
  const x5 = variant === "Z''" ? null : ratio(items.sales, items.totalAssets);
  const [w1, w2, w3, w4, w5] = MODELS[variant].weights;
  const raw = w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * (x5 ?? 0);
  const z = Math.round(raw * 1000) / 1000;
  return { variant, z, zone: zoneOf(variant, z), ratios: { x1, x2, x3, x4, x5 } };
}
