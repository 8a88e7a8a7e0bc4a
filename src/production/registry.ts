/**
 * The model registry's commands: list the models, show one, promote one to champion, roll the
 * champion back to the one before. Promotions are rows appended to `promotions`, so the history of
 * who was champion when is never lost; the daily cycle forecasts with the book's last promoted model.
 */
import { dayToIso } from "../util/dates";
import type { ModelRow, ProductionStore } from "./store";

/** A registry row with whether it is its book's champion. */
export type RegistryEntry = ModelRow & { readonly champion: boolean };

/** Every model of the registry (optionally of one book), oldest anchor first, champions marked. */
export async function listModels(store: ProductionStore, book?: string): Promise<RegistryEntry[]> {
  const rows = book === undefined ? await store.models() : await store.models("WHERE book = ?", [book]);
  const champions = new Map<string, string | null>();
  for (const r of rows) if (!champions.has(r.book)) champions.set(r.book, await store.champion(r.book));
  return rows.map((r) => ({ ...r, champion: champions.get(r.book) === r.id }));
}

/**
 * The registry rows of a model id, or of the unique model whose id starts with `prefix` (at least 6 hex digits).
 * @throws naming the id when no model or more than one matches
 */
export async function findModel(store: ProductionStore, prefix: string): Promise<ModelRow[]> {
  if (!/^[0-9a-f]{6,64}$/.test(prefix)) throw new Error(`model id "${prefix}" must be 6 to 64 hex digits (see models list)`);
  const rows = await store.query<ModelRow>("SELECT * FROM models WHERE starts_with(id, ?) ORDER BY book", [prefix]);
  const ids = new Set(rows.map((r) => r.id));
  if (ids.size === 0) throw new Error(`unknown model id ${prefix}: no model in the registry has it (see models list)`);
  if (ids.size > 1) throw new Error(`model id ${prefix} is ambiguous: ${[...ids].map((i) => i.slice(0, 12)).join(", ")}`);
  return rows;
}

/**
 * Make an alpha model its book's champion from the next cycle on.
 * @throws for an unknown id, or a regime model (regime fits follow their schedule)
 */
export async function promoteModel(store: ProductionStore, prefix: string, { book, today = dayToIso(Math.floor(Date.now() / 86_400_000)) }: { book?: string; today?: string } = {}): Promise<ModelRow> {
  const rows = (await findModel(store, prefix)).filter((r) => book === undefined || r.book === book);
  if (rows.length === 0) throw new Error(`model ${prefix} is not in book "${book}"`);
  const row = rows[0];
  if (row.kind !== "alpha") throw new Error(`model ${row.id.slice(0, 12)} is a regime model; only alpha models are promoted (regime fits follow their refit schedule)`);
  await store.transaction(() => store.promote(row.book, row.id, "promote", today));
  return row;
}

/**
 * Give the champion title back to the model that held it before the current champion.
 * @throws when the book has had fewer than two champions
 */
export async function rollbackChampion(store: ProductionStore, { book = "champion", today = dayToIso(Math.floor(Date.now() / 86_400_000)) }: { book?: string; today?: string } = {}): Promise<string> {
  const history = await store.promotions(book);
  const current = history.length ? history[history.length - 1].model_id : null;
  const previous = [...history].reverse().find((p) => p.model_id !== current);
  if (!current || !previous) throw new Error(`rollback: book "${book}" has no earlier champion to go back to (${history.length} promotion(s) recorded)`);
  await store.transaction(() => store.promote(book, previous.model_id, "rollback", today));
  return previous.model_id;
}
