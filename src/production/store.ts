/**
 * The production database: the model registry, the journal and the monitoring in one embedded
 * DuckDB file (`@duckdb/node-api`), and the models themselves as content-addressed artifact files
 * beside it. A day is written in one transaction (`transaction`), after deleting whatever an earlier
 * run of the same day left, so running a day twice leaves the same rows and a crash mid-day leaves
 * none of that day. Artifacts are named by the SHA-256 of their bytes and written atomically
 * (temp file + rename), so a model written by a crashed run is simply found again.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
// Types only at the top: the package is an optional peer (72 MB), loaded when a store opens.
import type { DuckDBInstance, DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { requireOptional } from "../util/optional";
import { decodeMemo, encodeMemo } from "../study/run/memo";

/** The journal and registry tables, created when missing. Day columns are ISO dates (VARCHAR). */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS models (id VARCHAR, book VARCHAR, kind VARCHAR, config_key VARCHAR, anchor VARCHAR, fold INTEGER,
    train_start VARCHAR, train_end VARCHAR, data_hash VARCHAR, code_version VARCHAR, feature_names VARCHAR, metrics VARCHAR, created_as_of VARCHAR, PRIMARY KEY (book, id))`,
  `CREATE TABLE IF NOT EXISTS promotions (book VARCHAR, seq INTEGER, model_id VARCHAR, action VARCHAR, as_of VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS bootstraps (book VARCHAR, config_key VARCHAR, as_of VARCHAR, days INTEGER, artifact VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS days (book VARCHAR, as_of VARCHAR, session INTEGER, gross DOUBLE, net DOUBLE, cost DOUBLE, commission DOUBLE, spread DOUBLE, impact DOUBLE,
    turnover DOUBLE, gross_exposure DOUBLE, net_exposure DOUBLE, rebalanced BOOLEAN, retraining_day BOOLEAN, fold INTEGER, alpha_model VARCHAR, regime_refit VARCHAR,
    blocked BOOLEAN, block_reason VARCHAR, shadow BOOLEAN)`,
  `CREATE TABLE IF NOT EXISTS targets (book VARCHAR, as_of VARCHAR, ticker VARCHAR, current_weight DOUBLE, proposed_weight DOUBLE, target_weight DOUBLE, position DOUBLE)`,
  `CREATE TABLE IF NOT EXISTS orders (book VARCHAR, as_of VARCHAR, ticker VARCHAR, current_weight DOUBLE, target_weight DOUBLE, trade_weight DOUBLE, trade_notional DOUBLE,
    shares DOUBLE, reason_codes VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS forecasts (book VARCHAR, as_of VARCHAR, ticker VARCHAR, forecast DOUBLE, volatility DOUBLE, beta DOUBLE)`,
  `CREATE TABLE IF NOT EXISTS regime_probabilities (book VARCHAR, as_of VARCHAR, regime INTEGER, probability DOUBLE)`,
  `CREATE TABLE IF NOT EXISTS risk_checks (book VARCHAR, as_of VARCHAR, "check" VARCHAR, ticker VARCHAR, value DOUBLE, "limit" DOUBLE, action VARCHAR, reason_code VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS monitoring (book VARCHAR, as_of VARCHAR, metric VARCHAR, value DOUBLE, threshold DOUBLE, breached BOOLEAN, message VARCHAR)`,
];

/** The tables a day writes, in the order they are cleared and filled. */
export const JOURNAL_TABLES = ["days", "targets", "orders", "forecasts", "regime_probabilities", "risk_checks", "monitoring"] as const;
export type JournalTable = (typeof JOURNAL_TABLES)[number];

/** A registry row (`models` table). */
export interface ModelRow {
  readonly id: string;
  readonly book: string;
  readonly kind: "regime" | "alpha";
  readonly config_key: string;
  /** The day the model was fitted at (its refit day or its fold's first day), ISO. */
  readonly anchor: string;
  /** Walk-forward fold of an alpha model, -1 for a regime model. */
  readonly fold: number;
  readonly train_start: string;
  readonly train_end: string;
  /** memoKey of the bars up to the anchor: a later restatement changes it. */
  readonly data_hash: string;
  readonly code_version: string;
  /** JSON array of feature names. */
  readonly feature_names: string;
  /** JSON object of the metrics at training time. */
  readonly metrics: string;
  readonly created_as_of: string;
}

/** A promotion (`promotions` table): the champion of a book is the model of its last row. */
export interface PromotionRow {
  readonly book: string;
  readonly seq: number;
  readonly model_id: string;
  readonly action: "auto" | "promote" | "rollback";
  readonly as_of: string;
}

/** Rows for one journal table: column names and one array of values per row. */
export interface TableRows {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly DuckDBValue[])[];
}

/** Where the store lives. */
export interface StoreLocation {
  /** The DuckDB file (its folder is created). */
  readonly database: string;
  /** The artifact folder (created). */
  readonly artifactsDir: string;
}

/**
 * An open production database. Close it (`close`) when done: DuckDB holds a file lock meanwhile.
 * Every write goes through `transaction`.
 */
export class ProductionStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly location: StoreLocation,
  ) {}

  /** Open (or create) the database and the artifact folder. */
  static async open(location: StoreLocation): Promise<ProductionStore> {
    mkdirSync(dirname(location.database), { recursive: true });
    mkdirSync(location.artifactsDir, { recursive: true });
    const duckdb = requireOptional<typeof import("@duckdb/node-api")>("@duckdb/node-api", "the production registry and journal");
    const instance = await duckdb.DuckDBInstance.create(location.database);
    const connection = await instance.connect();
    for (const sql of SCHEMA) await connection.run(sql);
    return new ProductionStore(instance, connection, location);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Rows of a query as plain objects (numbers, strings, booleans, null). */
  async query<R = Record<string, unknown>>(sql: string, values: DuckDBValue[] = []): Promise<R[]> {
    const reader = await this.connection.runAndReadAll(sql, values);
    return reader.getRowObjectsJS() as R[];
  }

  /**
   * A query's result as columns (name -> values), the shape `showTable` takes; DuckDB's big
   * integers (count(*)) become numbers.
   */
  async table(sql: string, values: DuckDBValue[] = []): Promise<Record<string, (string | number | boolean | null)[]>> {
    const rows = await this.query<Record<string, unknown>>(sql, values);
    const out: Record<string, (string | number | boolean | null)[]> = {};
    const names = rows.length ? Object.keys(rows[0]) : [];
    for (const name of names) out[name] = rows.map((r) => {
      const v = r[name];
      return typeof v === "bigint" ? Number(v) : v === undefined ? null : (v as string | number | boolean | null);
    });
    return out;
  }

  /** Run `body` in one transaction: all of its writes or none. */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    await this.connection.run("BEGIN TRANSACTION");
    try {
      const value = await body();
      await this.connection.run("COMMIT");
      return value;
    } catch (err) {
      await this.connection.run("ROLLBACK");
      throw err;
    }
  }

  /** Insert rows into a table (inside a transaction). */
  async insert(table: string, { columns, rows }: TableRows): Promise<void> {
    const chunk = 200; // rows per statement: few round trips, statements of bounded size
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      const placeholders = part.map((row) => `(${row.map(() => "?").join(", ")})`).join(", ");
      await this.connection.run(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${placeholders}`, part.flat() as DuckDBValue[]);
    }
  }

  /** Delete one book's rows of one day from every journal table (inside a transaction). */
  async clearDay(book: string, asOf: string): Promise<void> {
    for (const table of JOURNAL_TABLES) await this.connection.run(`DELETE FROM ${table} WHERE book = ? AND as_of = ?`, [book, asOf]);
  }

  /** Register a model row unless its id is there already. */
  async registerModel(row: ModelRow): Promise<void> {
    const columns = Object.keys(row);
    await this.connection.run(`INSERT OR IGNORE INTO models (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, Object.values(row) as DuckDBValue[]);
  }

  async models(where = "", values: DuckDBValue[] = []): Promise<ModelRow[]> {
    return this.query<ModelRow>(`SELECT * FROM models ${where} ORDER BY book, kind, anchor, id`, values);
  }

  async model(id: string): Promise<ModelRow | undefined> {
    return (await this.query<ModelRow>("SELECT * FROM models WHERE id = ?", [id]))[0];
  }

  async promotions(book: string): Promise<PromotionRow[]> {
    return this.query<PromotionRow>("SELECT * FROM promotions WHERE book = ? ORDER BY seq", [book]);
  }

  /** Append a promotion (the model becomes the book's champion); a repeat of the same (model, action, day) is ignored. */
  async promote(book: string, modelId: string, action: PromotionRow["action"], asOf: string): Promise<void> {
    const rows = await this.promotions(book);
    if (rows.some((r) => r.model_id === modelId && r.action === action && r.as_of === asOf)) return;
    await this.connection.run("INSERT INTO promotions VALUES (?, ?, ?, ?, ?)", [book, rows.length + 1, modelId, action, asOf]);
  }

  /** The book's champion model id (the last promotion), or null. */
  async champion(book: string): Promise<string | null> {
    const rows = await this.promotions(book);
    return rows.length ? rows[rows.length - 1].model_id : null;
  }

  /** Write a value as a content-addressed artifact; returns its id (SHA-256 of its bytes). */
  writeArtifact(value: unknown): string {
    const text = encodeMemo(value);
    const id = createHash("sha256").update(text).digest("hex");
    const file = this.artifactPath(id);
    if (!existsSync(file)) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    }
    return id;
  }

  /**
   * Read an artifact back, checking that its bytes still hash to its id.
   * @throws naming the id when the artifact is missing or altered
   */
  readArtifact<T>(id: string): T {
    const file = this.artifactPath(id);
    if (!existsSync(file)) throw new Error(`artifact ${id} is missing from ${this.location.artifactsDir}`);
    const text = readFileSync(file, "utf8");
    const actual = createHash("sha256").update(text).digest("hex");
    if (actual !== id) throw new Error(`artifact ${id} was altered (its bytes hash to ${actual})`);
    return decodeMemo(text) as T;
  }

  private artifactPath(id: string): string {
    if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`not an artifact id: ${JSON.stringify(id)} (expected 64 hex digits)`);
    return join(this.location.artifactsDir, `${id}.json`);
  }
}
