/**
 * The study's first two steps: the panel (loaded from `config.data`, or given by the caller) with
 * the memo key of its values, then the features and the alpha model's target on that panel.
 */
import { loadDataPanel, type DataPanel } from "../../data/load";
import { shippedDataDir } from "../../data/shipped";
import { INLINE_UNIVERSE_NAME, resolveDataUniverse } from "../../data/universe";
import { computeFeatures, type FeaturePanel } from "../../features/panel";
import { forwardReturnTarget, type HorizonTarget } from "../../features/targets";
import { dayToIso } from "../../util/dates";
import type { StudyConfig } from "../config";
import { memoKey } from "./memo";
import { checkStudyTickers } from "./tickers";
import type { RunStudyOptions } from "./types";

/** The study's panel and the memo key of its values. */
export interface StudyData {
  readonly panel: DataPanel;
  /**
   * The memo key of the data: the values themselves (hashed), not the files they came from, so a
   * panel given by the caller or perturbed in a test can never be served another panel's results.
   */
  readonly dataKey: string;
}

/**
 * The panel of `config.data` (or `given`, marked shipped with no validation when it says nothing), and
 * its memo key. Every ticker the stages name is checked against the universe first (`checkStudyTickers`),
 * before a single bar is read.
 * @throws ConfigError naming the config path, the ticker, the universe and the fix
 */
export async function loadStudyData(config: Pick<StudyConfig, "data" | "features" | "regimes" | "benchmark">, { log = () => undefined, dataDir, panel: given }: RunStudyOptions = {}): Promise<StudyData> {
  if (given) checkStudyTickers(config, given.tickers, given.universe);
  else {
    const universe = resolveDataUniverse(config.data, dataDir ?? shippedDataDir());
    checkStudyTickers(config, universe.tickers, universe.name === INLINE_UNIVERSE_NAME ? null : universe.name);
  }
  const panel: DataPanel = given ? { source: "shipped", validation: [], ...given } : await loadDataPanel(config.data, { log, dataDir });
  const dataKey = memoKey({ tickers: panel.tickers, dates: panel.dates, fields: [panel.open, panel.high, panel.low, panel.close, panel.volume, panel.vwap] });
  return { panel, dataKey };
}

/** The progress line of the data step: tickers, days, date range and source. */
export function dataLine(panel: DataPanel): string {
  const N = panel.tickers.length, T = panel.dates.length;
  return `data: ${N} tickers x ${T} days (${dayToIso(panel.dates[0])} to ${dayToIso(panel.dates[T - 1])}, ${panel.source})`;
}

/** The log line of the features step: how many, and every skipped feature with its reason (never dropped silently). */
export function featuresLine(features: Pick<FeaturePanel, "names" | "skipped">): string {
  const skipped = features.skipped.map((s) => `${s.name} (${s.reason})`);
  return `features: ${features.names.length} per ticker and day${skipped.length ? `; skipped ${skipped.length}: ${skipped.join(", ")}` : ""}`;
}

/** The features of every ticker and day, and the alpha model's target: the forward return over `walkForward.horizonDays`. */
export function studyFeatures(panel: DataPanel, config: Pick<StudyConfig, "features" | "walkForward">): { features: FeaturePanel; target: HorizonTarget } {
  return { features: computeFeatures(panel, config.features), target: forwardReturnTarget(panel, config.walkForward.horizonDays) };
}
