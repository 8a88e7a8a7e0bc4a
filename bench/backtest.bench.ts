/**
 * Portfolio construction + backtest throughput on a synthetic 500-ticker x 5000-day panel, in
 * asset-days per second. Reference: the original design's pandas loop, about 1e6 asset-days/s on this panel.
 * `backtest.asset_days_per_s` times construction and backtest together; the two other entries
 * time each alone.
 * Inputs (prices, volumes, alpha, volatility) are built outside the timed region; the timed call is
 * constructPortfolio (zscore / volatility sizing, caps, gross limit, neutral) then runBacktest
 * (daily rebalance, commission + spread + square-root impact on ADV$).
 * `backtest.batched.*` time `backtestPortfolioVariants` (the same construction and backtest in one
 * pass over day blocks, no weight or position panels written): with one variant, and with 8 variants
 * of the position cap (asset-days per second per variant: 8 * N * T / seconds).
 */
import { entry, medianSeconds, type BenchEntry } from "./harness";
import { constructPortfolio, trailingVolatilityPanel } from "../src/portfolio";
import { backtestPortfolioVariants, runBacktest } from "../src/backtest";
import { createRng } from "../src/util/rng";

const SEED_PANDAS_ASSET_DAYS_PER_S = 1e6;

export async function run(): Promise<BenchEntry[]> {
  const N = 500, T = 5000;
  const rng = createRng(2024);
  const close = new Float64Array(N * T), volume = new Float64Array(N * T), alpha = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    let p = 50 + 100 * rng.next();
    const sigma = 0.005 + 0.02 * rng.next();
    for (let t = 0; t < T; t++) {
      p *= Math.exp(sigma * rng.normal());
      close[j * T + t] = p;
      volume[j * T + t] = 1e5 * (1 + 9 * rng.next());
      alpha[j * T + t] = rng.normal();
    }
  }
  const dates = Int32Array.from({ length: T }, (_, t) => 10_000 + t);
  const tickers = Array.from({ length: N }, (_, j) => `S${j}`);
  const market = { tickers, dates, close, volume };
  const volatility = trailingVolatilityPanel(close, market, { windowDays: 20 });

  let portfolioSeconds = 0, backtestSeconds = 0;
  const once = (): void => {
    const t0 = process.hrtime.bigint();
    const { weights } = constructPortfolio(market, alpha, volatility, { maxPosition: 0.02, maxGross: 1, netExposure: 0 });
    const t1 = process.hrtime.bigint();
    runBacktest(market, weights, { volatility });
    const t2 = process.hrtime.bigint();
    portfolioSeconds = Number(t1 - t0) / 1e9;
    backtestSeconds = Number(t2 - t1) / 1e9;
  };
  const seconds = await medianSeconds(once, { runs: 5 });
  console.error(`  (last run: portfolio ${portfolioSeconds.toFixed(3)} s, backtest ${backtestSeconds.toFixed(3)} s)`);
  // the two stages apart: the backtest loop alone is what the original design's pandas loop did
  const { weights } = constructPortfolio(market, alpha, volatility, { maxPosition: 0.02, maxGross: 1, netExposure: 0 });
  const engineSeconds = await medianSeconds(() => runBacktest(market, weights, { volatility }), { runs: 5 });
  const portfolioOnly = await medianSeconds(() => constructPortfolio(market, alpha, volatility, { maxPosition: 0.02, maxGross: 1, netExposure: 0 }), { runs: 5 });
  const portfolio = { maxPosition: 0.02, maxGross: 1, netExposure: 0 };
  const batchedOne = await medianSeconds(() => backtestPortfolioVariants(market, alpha, volatility, [{ portfolio }]), { runs: 5 });
  const eight = Array.from({ length: 8 }, (_, i) => ({ portfolio: { ...portfolio, maxPosition: 0.01 + 0.005 * i } }));
  const batchedEight = await medianSeconds(() => backtestPortfolioVariants(market, alpha, volatility, eight), { runs: 3 });
  return [
    entry("backtest.asset_days_per_s.synthetic_500x5000", (N * T) / seconds, "1/s", SEED_PANDAS_ASSET_DAYS_PER_S),
    entry("backtest.batched.asset_days_per_s.synthetic_500x5000", (N * T) / batchedOne, "1/s", SEED_PANDAS_ASSET_DAYS_PER_S),
    entry("backtest.batched_8_variants.asset_days_per_s.synthetic_500x5000", (8 * N * T) / batchedEight, "1/s", SEED_PANDAS_ASSET_DAYS_PER_S),
    entry("backtest.engine_only.asset_days_per_s.synthetic_500x5000", (N * T) / engineSeconds, "1/s", SEED_PANDAS_ASSET_DAYS_PER_S),
    entry("portfolio.asset_days_per_s.synthetic_500x5000", (N * T) / portfolioOnly, "1/s"),
  ];
}
