/**
 * Summaries of a feature panel for people: one ticker's feature table, pooled histograms, and
 * the feature-by-feature rank correlation matrix. The notebook shows these; the charts in
 * `src/charts/features.ts` draw them without computing anything.
 */
import { dayToIso } from "../util/dates";
import { featureIndex, featureMatrix, type FeaturePanel } from "./panel";

/** Value at quantile q of ascending-sorted values (R-7, linear interpolation). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < n ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

function finiteSorted(x: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] - x[i] === 0) out.push(x[i]);
  return Float64Array.from(out).sort();
}

/**
 * One row per feature for one ticker: the latest value and the distribution over its history
 * (finite values only): mean, sample sd (n - 1), 5% and 95% quantiles, how many days are
 * usable, and whether the feature rests on an estimated VWAP.
 * @example showTable(featureSummaryTable(fp, "SPY"), { caption: "SPY features" })
 */
export function featureSummaryTable(fp: FeaturePanel, ticker: string): Record<string, (string | number | boolean)[]> {
  const j = fp.tickers.indexOf(ticker);
  if (j < 0) throw new Error(`featureSummaryTable: ticker "${ticker}" is not in the feature panel (have: ${fp.tickers.join(", ")})`);
  const T = fp.dates.length;
  const table: Record<string, (string | number | boolean)[]> = {
    feature: [], group: [], latest: [], mean: [], sd: [], p5: [], p95: [], usable_days: [], vwap_estimated: [],
  };
  fp.names.forEach((name, f) => {
    const s = fp.values[f].subarray(j * T, (j + 1) * T);
    const sorted = finiteSorted(s);
    let mean = 0;
    for (const v of sorted) mean += v / sorted.length;
    let ss = 0;
    for (const v of sorted) ss += (v - mean) * (v - mean);
    table.feature.push(name);
    table.group.push(fp.features[f].group);
    table.latest.push(s[T - 1]);
    table.mean.push(sorted.length ? mean : NaN);
    table.sd.push(sorted.length > 1 ? Math.sqrt(ss / (sorted.length - 1)) : NaN);
    table.p5.push(quantileSorted(sorted, 0.05));
    table.p95.push(quantileSorted(sorted, 0.95));
    table.usable_days.push(sorted.length);
    table.vwap_estimated.push(fp.features[f].vwapEstimated);
  });
  return table;
}

/**
 * The last `lastDays` rows of one ticker's features: a `date` column (ISO) and one column per
 * name (default: every feature).
 */
export function featureHistoryTable(
  fp: FeaturePanel,
  ticker: string,
  { names = fp.names, lastDays = 10 }: { names?: readonly string[]; lastDays?: number } = {},
): Record<string, (string | number)[]> {
  const j = fp.tickers.indexOf(ticker);
  if (j < 0) throw new Error(`featureHistoryTable: ticker "${ticker}" is not in the feature panel (have: ${fp.tickers.join(", ")})`);
  const T = fp.dates.length;
  const start = Math.max(0, T - lastDays);
  const table: Record<string, (string | number)[]> = { date: [] };
  for (let t = start; t < T; t++) table.date.push(dayToIso(fp.dates[t]));
  for (const name of names) {
    const v = fp.values[featureIndex(fp, name)];
    table[name] = Array.from(v.subarray(j * T + start, (j + 1) * T));
  }
  return table;
}

export interface FeatureHistogram {
  readonly name: string;
  /** bins + 1 ascending bin edges spanning the clipped range. */
  readonly edges: Float64Array;
  readonly counts: Int32Array;
  /** Finite values outside the clipped range (not in any bin). */
  readonly clipped: number;
  readonly total: number;
}

/**
 * Histograms of each feature pooled over tickers and days (finite values). The range runs from
 * the `clipQuantiles` of the values (default 0.5% and 99.5%), so a few crash days do not squash
 * every other bar into one bin; values outside are counted in `clipped`.
 */
export function featureHistograms(
  fp: FeaturePanel,
  { names = fp.names, bins = 40, clipQuantiles = [0.005, 0.995] }: { names?: readonly string[]; bins?: number; clipQuantiles?: readonly [number, number] } = {},
): FeatureHistogram[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`featureHistograms requires an integer bins >= 1 (got ${bins})`);
  return names.map((name) => {
    const sorted = finiteSorted(fp.values[featureIndex(fp, name)]);
    const lo = quantileSorted(sorted, clipQuantiles[0]), hi = quantileSorted(sorted, clipQuantiles[1]);
    const edges = new Float64Array(bins + 1);
    const width = hi > lo ? (hi - lo) / bins : 1;
    for (let b = 0; b <= bins; b++) edges[b] = lo + b * width;
    const counts = new Int32Array(bins);
    let clipped = 0;
    for (const v of sorted) {
      if (v < lo || v > hi) {
        clipped++;
        continue;
      }
      counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    }
    return { name, edges, counts, clipped, total: sorted.length };
  });
}

/** Average 1-based ranks of x (ties share their mean rank). */
function averageRanks(x: Float64Array): Float64Array {
  const n = x.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let k = i + 1;
    while (k < n && x[order[k]] === x[order[i]]) k++;
    const r = (i + 1 + k) / 2;
    for (let q = i; q < k; q++) ranks[order[q]] = r;
    i = k;
  }
  return ranks;
}

/**
 * Spearman rank correlation between every pair of features, pooled over the (day, ticker) rows
 * where all the named features are finite. Ranks make it robust to the heavy tails of returns and
 * volumes. Broadcast (market-wide) features enter with their value on every ticker's row.
 * @returns the k x k matrix row-major, and how many rows it used
 */
export function featureCorrelationMatrix(fp: FeaturePanel, { names = fp.names }: { names?: readonly string[] } = {}): { names: string[]; matrix: Float64Array; rows: number } {
  const m = featureMatrix(fp, { names });
  const k = names.length, n = m.rows;
  const ranked: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const col = new Float64Array(n);
    for (let r = 0; r < n; r++) col[r] = m.X[r * k + c];
    const rk = averageRanks(col);
    let mean = 0;
    for (let r = 0; r < n; r++) mean += rk[r] / n;
    let ss = 0;
    for (let r = 0; r < n; r++) {
      rk[r] -= mean;
      ss += rk[r] * rk[r];
    }
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : NaN;
    for (let r = 0; r < n; r++) rk[r] *= inv; // centred, unit length: the correlation is a dot product
    ranked.push(rk);
  }
  const matrix = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let dot = 0;
      const x = ranked[a], y = ranked[b];
      for (let r = 0; r < n; r++) dot += x[r] * y[r];
      const v = a === b && dot === dot ? 1 : Math.max(-1, Math.min(1, dot));
      matrix[a * k + b] = matrix[b * k + a] = dot === dot ? v : NaN;
    }
  }
  return { names: [...names], matrix, rows: n };
}
