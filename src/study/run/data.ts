/**
 * The study's first two steps: the panel (loaded from `config.data`, or given by the caller) with
 * the memo key of its values, then the features and the alpha model's target on that panel.
 */
import { loadDataPanel, type DataPanel } from "../../data/load";
import { computeFeatures, type FeaturePanel } from "../../features/panel";
import { forwardReturnTarget, type HorizonTarget } from "../../features/targets";
import { dayToIso } from "../../util/dates";
import type { StudyConfig } from "../config";
import { memoKey } from "./memo";
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

/** The panel of `config.data` (or `given`, marked shipped with no validation when it says nothing), and its memo key. */
export async function loadStudyData(config: Pick<StudyConfig, "data">, { log = () => undefined, dataDir, panel: given }: RunStudyOptions = {}): Promise<StudyData> {
  const panel: DataPanel = given ? { source: "shipped", validation: [], ...given } : await loadDataPanel(config.data, { log, dataDir });
  const dataKey = memoKey({ tickers: panel.tickers, dates: panel.dates, fields: [panel.open, panel.high, panel.low, panel.close, panel.volume, panel.vwap] });
  return { panel, dataKey };
}

/** The progress line of the data step: tickers, days, date range and source. */
export function dataLine(panel: DataPanel): string {
  const N = panel.tickers.length, T = panel.dates.length;
  return `data: ${N} tickers x ${T} days (${dayToIso(panel.dates[0])} to ${dayToIso(panel.dates[T - 1])}, ${panel.source})`;
}

/** The features of every ticker and day, and the alpha model's target: the forward return over `walkForward.horizonDays`. */
export function studyFeatures(panel: DataPanel, config: Pick<StudyConfig, "features" | "walkForward">): { features: FeaturePanel; target: HorizonTarget } {
  return { features: computeFeatures(panel, config.features), target: forwardReturnTarget(panel, config.walkForward.horizonDays) };
}
