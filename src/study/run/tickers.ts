/**
 * Every ticker a stage of the study names must be in the universe, checked before any work: a
 * missing one is a ConfigError naming the config path, the ticker, the universe and the fix, not a
 * `ticker "HYG" is not in the panel` twenty seconds into the run. The optional cross-asset tickers
 * may be null, which skips their features (and the run lists them as skipped, with the reason).
 */
import { ConfigError } from "../../config/parse";
import type { StudyConfig } from "../config";

/** Config paths of the study's tickers, with the fix a missing one calls for. */
interface TickerNeed {
  readonly path: string;
  readonly ticker: string;
  readonly fix: string;
}

function tickerNeeds(config: Pick<StudyConfig, "features" | "regimes" | "benchmark">): TickerNeed[] {
  const f = config.features, r = config.regimes.features;
  const needs: TickerNeed[] = [{ path: "benchmark", ticker: config.benchmark, fix: "set benchmark to one of its tickers" }];
  if (f.groups.crossAsset) {
    needs.push({ path: "features.benchmark", ticker: f.benchmark, fix: "set features.benchmark to one of its tickers, or switch off features.groups.crossAsset" });
    const optional: [keyof typeof f & string, string | null, string][] = [
      ["stockTicker", f.stockTicker, "the stock-bond features (stock_bond_corr and the equity-bond part of risk_on_off)"],
      ["bondTicker", f.bondTicker, "the stock-bond features (stock_bond_corr and the equity-bond part of risk_on_off)"],
      ["goldTicker", f.goldTicker, "gold_mom"],
      ["oilTicker", f.oilTicker, "oil_mom"],
      ["dollarTicker", f.dollarTicker, "dollar_mom"],
    ];
    for (const [key, ticker, what] of optional) if (ticker !== null) needs.push({ path: `features.${key}`, ticker, fix: `set features.${key} to null to skip ${what}` });
  }
  needs.push({ path: "regimes.features.benchmark", ticker: r.benchmark, fix: "set regimes.features.benchmark to one of its tickers" });
  if (r.credit !== null) {
    needs.push({ path: "regimes.features.credit.risky", ticker: r.credit.risky, fix: "set regimes.features.credit to null to leave the credit signal out of the regime model" });
    needs.push({ path: "regimes.features.credit.safe", ticker: r.credit.safe, fix: "set regimes.features.credit to null to leave the credit signal out of the regime model" });
  }
  if (r.bond !== null) needs.push({ path: "regimes.features.bond", ticker: r.bond, fix: "set regimes.features.bond to null to leave the stock-bond correlation out of the regime model" });
  return needs;
}

/** "AMD, NVDA, ... (12 tickers)": a universe's tickers, shortened for a message. */
function tickerList(tickers: readonly string[], shown = 8): string {
  return tickers.length <= shown ? tickers.join(", ") : `${tickers.slice(0, shown).join(", ")}, ... (${tickers.length} tickers)`;
}

/**
 * Check that every ticker the config names is one of `tickers` (the universe's members).
 * @throws ConfigError listing each missing ticker, e.g. `features.bondTicker: "TLT" is not in the
 *   universe (AMD, NVDA, ...): add it, or set features.bondTicker to null to skip the stock-bond features (...)`
 * @example checkStudyTickers(parseStudyConfig(), ["SPY"], "mine") // throws: benchmark is fine, features.bondTicker: "TLT" is not...
 */
export function checkStudyTickers(config: Pick<StudyConfig, "features" | "regimes" | "benchmark">, tickers: readonly string[], universe: string | null): void {
  const have = new Set(tickers);
  const where = `the universe${universe ? ` ${universe}` : ""} (${tickerList(tickers)})`;
  const issues = tickerNeeds(config)
    .filter((n) => !have.has(n.ticker))
    .map((n) => ({ path: n.path, message: `"${n.ticker}" is not in ${where}: add it, or ${n.fix}` }));
  if (issues.length) throw new ConfigError("study", issues);
}
