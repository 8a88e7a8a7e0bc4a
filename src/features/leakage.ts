/**
 * The leakage audit: a feature is causal when its value at day t depends only on bars up to t.
 * The audit proves it empirically: pick a cut day c, scramble every bar after c (prices,
 * volumes, VWAP; some bars become missing, some volumes zero), recompute, and demand that every
 * output at days <= c is bit-for-bit unchanged. Repeated over many random cuts and seeds, a
 * feature that peeks even one day ahead (a centred window, a forward return, a full-sample
 * normalisation) is caught with its name, ticker and date.
 */
import { PANEL_FIELDS, type Panel } from "../data/types";
import { dayToIso } from "../util/dates";
import { createRng } from "../util/rng";

/** Anything ticker-major with named columns: a FeaturePanel, or `{ names: ["x"], values: [x] }`. */
export interface NamedPanelColumns {
  readonly names: readonly string[];
  readonly values: readonly Float64Array[];
}

export interface LeakageAuditOptions {
  /** Number of perturbed recomputations (default 20). */
  trials?: number;
  /** Seed of the perturbations and the random cut days (default 1). */
  seed?: number;
  /** Cut day indexes to use, cycled over the trials (default: uniform on 0 ... T - 2 per trial). */
  cutDays?: readonly number[];
  /** Probability that a bar after the cut becomes missing (all fields NaN) (default 0.02). */
  nanRate?: number;
  /** Probability that a volume after the cut becomes 0 (default 0.01). */
  zeroVolumeRate?: number;
  /** How many violations to keep in the report (default 20; all are counted). */
  maxViolations?: number;
}

export interface LeakageViolation {
  readonly name: string;
  readonly ticker: string;
  /** ISO date of the changed value. */
  readonly date: string;
  readonly dayIndex: number;
  /** The cut: bars after this day index were changed. */
  readonly cutDayIndex: number;
  readonly before: number;
  readonly after: number;
}

export interface LeakageReport {
  readonly passed: boolean;
  readonly trials: number;
  /** Values at or before the cut compared, summed over trials. */
  readonly comparedValues: number;
  readonly violationCount: number;
  /** Features with at least one violation. */
  readonly leakyNames: readonly string[];
  readonly violations: readonly LeakageViolation[];
  readonly cutDayIndexes: readonly number[];
}

/**
 * Run the audit of `compute` (e.g. `(p) => computeFeatures(p, config)`) on `panel`.
 * `compute` must return the same names in the same order for the original and perturbed panels.
 * @example const report = leakageAudit(panel, (p) => computeFeatures(p), { trials: 20, seed: 7 }); report.passed
 */
export function leakageAudit(panel: Panel, compute: (p: Panel) => NamedPanelColumns, options: LeakageAuditOptions = {}): LeakageReport {
  const { trials = 20, seed = 1, cutDays, nanRate = 0.02, zeroVolumeRate = 0.01, maxViolations = 20 } = options;
  const T = panel.dates.length, N = panel.tickers.length;
  if (!Number.isInteger(trials) || trials < 1) throw new Error(`leakageAudit requires trials >= 1 (got ${trials})`);
  if (T < 2) throw new Error(`leakageAudit requires at least 2 dates (got ${T})`);
  for (const c of cutDays ?? []) {
    if (!Number.isInteger(c) || c < 0 || c > T - 2) throw new Error(`leakageAudit: cutDays must be day indexes in 0 ... ${T - 2} (got ${c})`);
  }
  const rng = createRng(seed);
  const base = compute(panel);
  const violations: LeakageViolation[] = [];
  const leaky = new Set<string>();
  const cuts: number[] = [];
  let compared = 0, violationCount = 0;

  for (let k = 0; k < trials; k++) {
    const cut = cutDays && cutDays.length ? cutDays[k % cutDays.length] : rng.int(T - 1);
    cuts.push(cut);
    const perturbed = perturbAfter(panel, cut, rng, nanRate, zeroVolumeRate);
    const out = compute(perturbed);
    if (out.names.length !== base.names.length || out.names.some((n, f) => n !== base.names[f])) {
      throw new Error(`leakageAudit: compute returned different feature names after the cut at ${dayToIso(panel.dates[cut])}`);
    }
    for (let f = 0; f < base.names.length; f++) {
      const a = base.values[f], b = out.values[f];
      for (let j = 0; j < N; j++) {
        const off = j * T;
        for (let t = 0; t <= cut; t++) {
          const x = a[off + t], y = b[off + t];
          compared++;
          if (x === y || (x !== x && y !== y)) continue;
          violationCount++;
          leaky.add(base.names[f]);
          if (violations.length < maxViolations) {
            violations.push({ name: base.names[f], ticker: panel.tickers[j], date: dayToIso(panel.dates[t]), dayIndex: t, cutDayIndex: cut, before: x, after: y });
          }
        }
      }
    }
  }
  return { passed: violationCount === 0, trials, comparedValues: compared, violationCount, leakyNames: [...leaky], violations, cutDayIndexes: cuts };
}

/** A copy of `panel` whose bars after day index `cut` are scrambled; days <= cut are untouched. */
function perturbAfter(panel: Panel, cut: number, rng: ReturnType<typeof createRng>, nanRate: number, zeroVolumeRate: number): Panel {
  const T = panel.dates.length, N = panel.tickers.length;
  const copy: Record<string, Float64Array> = {};
  for (const field of PANEL_FIELDS) copy[field] = panel[field].slice();
  for (let j = 0; j < N; j++) {
    for (let t = cut + 1; t < T; t++) {
      const i = j * T + t;
      if (rng.next() < nanRate) {
        for (const field of PANEL_FIELDS) copy[field][i] = NaN;
        continue;
      }
      // Independent lognormal shocks per field (about 20% sd): big enough to move any
      // statistic, and they break OHLC consistency on purpose (features must not care).
      for (const field of PANEL_FIELDS) copy[field][i] *= Math.exp(0.2 * rng.normal());
      if (rng.next() < zeroVolumeRate) copy.volume[i] = 0;
    }
  }
  return { ...panel, open: copy.open, high: copy.high, low: copy.low, close: copy.close, volume: copy.volume, vwap: copy.vwap };
}
