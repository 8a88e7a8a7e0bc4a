/** `alpha-engine models`: the model registry (list, show, promote, rollback). */
import { type CliCommand, UsageError, stringOption } from "./command";
import { readProductionConfig } from "./daily";

export const modelsCommand: CliCommand = {
  name: "models",
  summary: "the model registry: models list | show <id> | promote <id> | rollback",
  usage: `usage: alpha-engine models list|show <id>|promote <id>|rollback --config <file> [--book champion|challenger] [--json]

  list          every registered model (regime fits and alpha models), champions marked
  show <id>     one model's registry row (an id prefix of 6+ hex digits will do)
  promote <id>  make an alpha model its book's champion from the next cycle on
  rollback      give the champion title back to the previous champion
  --config      a study config with a "production" section (where the database is)
  --book        the book (default champion)
  --json        machine-readable output`,
  options: {
    config: { type: "string" },
    book: { type: "string", default: "champion" },
    json: { type: "boolean", default: false },
  },
  allowPositionals: true,
  async run(values, positionals) {
    const [sub, id, ...rest] = positionals;
    if (!["list", "show", "promote", "rollback"].includes(sub ?? "")) throw new UsageError(`models needs a sub-command: list, show <id>, promote <id> or rollback (got ${sub === undefined ? "nothing" : `"${sub}"`})`);
    if ((sub === "show" || sub === "promote") && id === undefined) throw new UsageError(`models ${sub} needs a model id (see models list)`);
    if (rest.length || ((sub === "list" || sub === "rollback") && id !== undefined)) throw new UsageError(`models ${sub}: unexpected argument(s) ${[id, ...rest].filter(Boolean).join(" ")}`);
    const config = await readProductionConfig(values);
    const book = stringOption(values, "book", true);
    const { openProductionStore, listModels, findModel, promoteModel, rollbackChampion } = await import("../production");
    const store = await openProductionStore(config);
    const json = values.json === true;
    try {
      if (sub === "list") {
        const rows = await listModels(store);
        if (json) console.log(JSON.stringify(rows, null, 2));
        else for (const r of rows) console.log(`${r.champion ? "*" : " "} ${r.id.slice(0, 12)}  ${r.book.padEnd(10)} ${r.kind.padEnd(6)} anchor ${r.anchor}  train ${r.train_start}..${r.train_end}${r.fold >= 0 ? `  fold ${r.fold}` : ""}`);
      } else if (sub === "show") {
        const rows = await findModel(store, id!);
        console.log(JSON.stringify(rows.map((r) => ({ ...r, feature_names: JSON.parse(r.feature_names), metrics: JSON.parse(r.metrics) })), null, 2));
      } else if (sub === "promote") {
        const row = await promoteModel(store, id!, { book });
        console.log(json ? JSON.stringify({ promoted: row.id, book: row.book }) : `promoted ${row.id.slice(0, 12)} to champion of book ${row.book}`);
      } else {
        const back = await rollbackChampion(store, { book });
        console.log(json ? JSON.stringify({ champion: back, book }) : `rolled back: ${back.slice(0, 12)} is the champion of book ${book} again`);
      }
      return 0;
    } catch (err) {
      console.error(`models ${sub}: ${(err as Error).message}`);
      return 1;
    } finally {
      store.close();
    }
  },
};
