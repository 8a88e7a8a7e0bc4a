/**
 * Market-level regime features from the panel: what the HMM sees each day. All are trailing
 * (computed from closes up to t), so row t is known at the close of day t.
 */
import type { Panel } from "../data/types";
import { panelSeries, tickerIndex } from "../data/types";
import { logReturns, rollingCorrelation, rollingStd, rollingSum } from "../features/rolling";
import type { RegimeFeatures } from "./regimeModel";
import { RegimeFeatureMatrixConfigSchema, type RegimeFeatureMatrixConfigInput } from "../config/regimes";
import { parseConfig } from "../config/parse";

/**
 * Options of `regimeFeatureMatrix`, all optional: the benchmark, the credit pair (null leaves it
 * out), the bond leg of the stock-bond correlation (null, the default, leaves it out), the windows
 * and the annualisation. Default: see RegimeFeatureMatrixConfig (src/config/regimes.ts).
 */
export type RegimeFeatureOptions = RegimeFeatureMatrixConfigInput;

/** Regime features plus their dates: the input of every regime function. */
export interface RegimeFeatureMatrix extends RegimeFeatures {
  readonly dates: Int32Array;
  readonly names: string[];
  readonly X: Float64Array;
}

/**
 * The market-level features the regime model reads, one row per panel date (row-major T x d):
 * - `<benchmark> return 1d`: daily log return of the benchmark close;
 * - `<benchmark> log vol <w>d`: log of its annualised realised volatility (sample std of log returns
 *   over `volWindowDays`, x sqrt(periodsPerYear)) - logs because volatility is skewed and its
 *   regimes differ by ratios;
 * - `<benchmark> momentum <w>d`: sum of log returns over `momentumWindowDays` (= log price change);
 * - `credit <risky>-<safe> <w>d` (when `credit` is set): high-yield minus Treasury log return over the
 *   window, the cross-asset stress gauge: it falls when credit spreads widen, usually with equity stress;
 * - `stock-bond corr <w>d` (when `bond` is set): rolling correlation of benchmark and bond daily log
 *   returns. Off by default: it moves slowly and shifted for years in 2022 (from hedge to co-move),
 *   so a 3-state HMM spends a state on that shift instead of on volatility (see notebook 03).
 * Column 0 is the daily return, so the default label order (variance of column 0) runs calm to turbulent.
 * Warm-up rows (and rows whose window has a missing bar) are NaN.
 * @throws ConfigError naming a bad option; an Error naming the ticker when the benchmark or bond is not in the panel
 */
export function regimeFeatureMatrix(panel: Panel, options: RegimeFeatureOptions = {}): RegimeFeatureMatrix {
  const { benchmark, credit, creditWindowDays, bond, volWindowDays, momentumWindowDays, correlationWindowDays, periodsPerYear } = parseConfig(
    RegimeFeatureMatrixConfigSchema,
    options,
    "regimeFeatureMatrix",
  );
  const T = panel.dates.length;
  const r = logReturns(panelSeries(panel, "close", tickerIndex(panel, benchmark)));
  const vol = rollingStd(r, volWindowDays);
  const logVol = new Float64Array(T);
  const ann = Math.sqrt(periodsPerYear);
  for (let t = 0; t < T; t++) logVol[t] = vol[t] > 0 ? Math.log(vol[t] * ann) : NaN;
  const columns: Float64Array[] = [r, logVol, rollingSum(r, momentumWindowDays)];
  const names = [`${benchmark} return 1d`, `${benchmark} log vol ${volWindowDays}d`, `${benchmark} momentum ${momentumWindowDays}d`];
  if (credit !== null) {
    const risky = rollingSum(logReturns(panelSeries(panel, "close", tickerIndex(panel, credit.risky))), creditWindowDays);
    const safe = rollingSum(logReturns(panelSeries(panel, "close", tickerIndex(panel, credit.safe))), creditWindowDays);
    const spread = new Float64Array(T);
    for (let t = 0; t < T; t++) spread[t] = risky[t] - safe[t];
    columns.push(spread);
    names.push(`credit ${credit.risky}-${credit.safe} ${creditWindowDays}d`);
  }
  if (bond !== null) {
    const rb = logReturns(panelSeries(panel, "close", tickerIndex(panel, bond)));
    columns.push(rollingCorrelation(r, rb, correlationWindowDays));
    names.push(`stock-bond corr ${correlationWindowDays}d`);
  }
  const d = columns.length;
  const X = new Float64Array(T * d);
  for (let t = 0; t < T; t++) for (let f = 0; f < d; f++) X[t * d + f] = columns[f][t];
  return { dates: Int32Array.from(panel.dates), names, X };
}

/** One feature column of a row-major matrix as its own series (for charts and tables). */
export function regimeFeatureColumn(features: RegimeFeatures, column: number | string): Float64Array {
  const d = features.names.length;
  const f = typeof column === "number" ? column : features.names.indexOf(column);
  if (!(f >= 0 && f < d)) throw new Error(`regimeFeatureColumn: no column ${JSON.stringify(column)} (have: ${features.names.join(", ")})`);
  const T = features.X.length / d;
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) out[t] = features.X[t * d + f];
  return out;
}
