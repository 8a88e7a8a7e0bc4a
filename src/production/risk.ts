/**
 * Pre-trade risk checks: the last look at today's target weights before they become orders. Each
 * check compares one number with its limit (`RiskChecksConfigSchema`, every limit off by default)
 * and on a breach either clips the targets back inside the limit, marking every ticker it moved
 * with the check's reason code, or blocks the cycle (the book holds what it has, no order goes
 * out). Checks run in a fixed order, each on the targets the previous one left: position cap,
 * gross, net, beta, turnover, share of ADV.
 */
import type { RiskChecksConfig } from "../config/production";

/** One check's outcome on one day (`risk_checks` rows); ticker "" for book-level checks. */
export interface RiskCheckOutcome {
  readonly check: "positionCap" | "gross" | "net" | "beta" | "turnover" | "advShare";
  readonly ticker: string;
  /** The value checked (before clipping) and its limit. */
  readonly value: number;
  readonly limit: number;
  readonly action: "clip" | "block";
  readonly reasonCode: string;
}

/** Inputs of `preTradeChecks`, per ticker in the panel's order. */
export interface PreTradeInputs {
  readonly tickers: readonly string[];
  /** The constructor's targets. */
  readonly target: ArrayLike<number>;
  /** Positions drifted to today's close, before trading. */
  readonly current: ArrayLike<number>;
  /** Beta to the benchmark known today (NaN: unknown, left out of the beta check). */
  readonly beta: ArrayLike<number>;
  /** Average daily dollar volume known today (NaN: unknown, left out of the ADV check). */
  readonly advUsd: ArrayLike<number>;
  /** Book size in dollars. */
  readonly notionalUsd: number;
  /** False on a day the schedule does not trade: only the position checks apply (no order goes out). */
  readonly rebalanceDay: boolean;
}

/** What the checks did. */
export interface PreTradeResult {
  /** Targets after every clip (the current positions when blocked). */
  readonly target: Float64Array;
  /** Reason codes per ticker (the checks that moved its target). */
  readonly reasons: readonly string[][];
  readonly outcomes: readonly RiskCheckOutcome[];
  /** The reason code of the first blocking breach, or null. */
  readonly blocked: string | null;
}

const CODES = { positionCap: "POSITION_CAP", gross: "GROSS_CAP", net: "NET_CAP", beta: "BETA_CAP", turnover: "TURNOVER_CAP", advShare: "ADV_CAP" } as const;
const TOLERANCE = 1e-12; // a limit met to rounding is met

/**
 * Run the pre-trade checks of `config` on today's targets (see the module comment). NaN targets
 * count as 0 (not held).
 * @example preTradeChecks({ tickers: ["A"], target: [0.3], current: [0], beta: [NaN], advUsd: [NaN], notionalUsd: 1e6, rebalanceDay: true },
 *   { ...defaults, positionCap: { limit: 0.2, action: "clip" } }).target // => [0.2]
 */
export function preTradeChecks(inputs: PreTradeInputs, config: RiskChecksConfig): PreTradeResult {
  const { tickers, current, beta, advUsd, notionalUsd, rebalanceDay } = inputs;
  const N = tickers.length;
  const w = Float64Array.from({ length: N }, (_, j) => (inputs.target[j] === inputs.target[j] ? inputs.target[j] : 0));
  const reasons: string[][] = tickers.map(() => []);
  const outcomes: RiskCheckOutcome[] = [];
  let blocked: string | null = null;
  const breach = (check: RiskCheckOutcome["check"], ticker: string, value: number, limit: number, action: "clip" | "block") => {
    outcomes.push({ check, ticker, value, limit, action, reasonCode: CODES[check] });
    if (action === "block" && blocked === null) blocked = CODES[check];
  };
  const mark = (check: RiskCheckOutcome["check"], j: number) => {
    if (!reasons[j].includes(CODES[check])) reasons[j].push(CODES[check]);
  };

  const cap = config.positionCap;
  if (cap.limit !== null) {
    for (let j = 0; j < N; j++) {
      if (Math.abs(w[j]) > cap.limit + TOLERANCE) {
        breach("positionCap", tickers[j], w[j], cap.limit, cap.action);
        if (cap.action === "clip") {
          w[j] = Math.sign(w[j]) * cap.limit;
          mark("positionCap", j);
        }
      }
    }
  }
  const gross = config.gross;
  if (gross.limit !== null) {
    let g = 0;
    for (let j = 0; j < N; j++) g += Math.abs(w[j]);
    if (g > gross.limit + TOLERANCE) {
      breach("gross", "", g, gross.limit, gross.action);
      if (gross.action === "clip") {
        const scale = gross.limit / g;
        for (let j = 0; j < N; j++) if (w[j] !== 0) { w[j] *= scale; mark("gross", j); }
      }
    }
  }
  const net = config.net;
  if (net.limit !== null) {
    let s = 0, held = 0;
    for (let j = 0; j < N; j++) { s += w[j]; if (w[j] !== 0) held++; }
    if (Math.abs(s) > net.limit + TOLERANCE) {
      breach("net", "", s, net.limit, net.action);
      if (net.action === "clip" && held > 0) {
        // the same shift on every held position: the smallest change (least squares) that meets the limit
        const shift = (s - Math.sign(s) * net.limit) / held;
        for (let j = 0; j < N; j++) if (w[j] !== 0) { w[j] -= shift; mark("net", j); }
      }
    }
  }
  const betaCheck = config.beta;
  if (betaCheck.limit !== null) {
    let b = 0, bb = 0;
    for (let j = 0; j < N; j++) if (beta[j] === beta[j]) { b += w[j] * beta[j]; bb += beta[j] * beta[j]; }
    if (Math.abs(b) > betaCheck.limit + TOLERANCE) {
      breach("beta", "", b, betaCheck.limit, betaCheck.action);
      if (betaCheck.action === "clip" && bb > 0) {
        // remove the excess beta along the beta vector (least-squares change of the weights)
        const excess = b - Math.sign(b) * betaCheck.limit;
        for (let j = 0; j < N; j++) if (beta[j] === beta[j] && beta[j] !== 0) { w[j] -= (excess * beta[j]) / bb; mark("beta", j); }
      }
    }
  }
  if (rebalanceDay) {
    const turnover = config.turnover;
    if (turnover.limit !== null) {
      let traded = 0;
      for (let j = 0; j < N; j++) traded += Math.abs(w[j] - current[j]);
      if (traded > turnover.limit + TOLERANCE) {
        breach("turnover", "", traded, turnover.limit, turnover.action);
        if (turnover.action === "clip") {
          const scale = turnover.limit / traded;
          for (let j = 0; j < N; j++) if (w[j] !== current[j]) { w[j] = current[j] + (w[j] - current[j]) * scale; mark("turnover", j); }
        }
      }
    }
    const adv = config.advShare;
    if (adv.limit !== null) {
      for (let j = 0; j < N; j++) {
        const a = advUsd[j];
        if (!(a > 0)) continue;
        const trade = w[j] - current[j];
        const share = (Math.abs(trade) * notionalUsd) / a;
        if (share > adv.limit + TOLERANCE) {
          breach("advShare", tickers[j], share, adv.limit, adv.action);
          if (adv.action === "clip") {
            w[j] = current[j] + Math.sign(trade) * ((adv.limit * a) / notionalUsd);
            mark("advShare", j);
          }
        }
      }
    }
  }
  if (blocked !== null) {
    for (let j = 0; j < N; j++) w[j] = current[j];
  }
  return { target: w, reasons, outcomes, blocked };
}

/**
 * Mean dollar volume (close x volume) of each ticker over the `windowDays` sessions up to and
 * including `t`, skipping missing bars; NaN when none. Ticker-major N x T inputs.
 */
export function averageDollarVolume(close: ArrayLike<number>, volume: ArrayLike<number>, N: number, T: number, t: number, windowDays: number): Float64Array {
  const out = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    let sum = 0, n = 0;
    for (let s = Math.max(0, t - windowDays + 1); s <= t; s++) {
      const d = close[j * T + s] * volume[j * T + s];
      if (d === d) { sum += d; n++; }
    }
    out[j] = n > 0 ? sum / n : NaN;
  }
  return out;
}
