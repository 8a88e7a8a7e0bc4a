// The dispatcher's conventions, through the real entry point in a child process: exit codes,
// help for every command, --version from package.json, strict option parsing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS } from "../../src/cli/commands";

const ROOT = join(__dirname, "..", "..");
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "dist", "cli.js"), ...args], { cwd: ROOT, encoding: "utf8" });

test("--version prints package.json's version", () => {
  const r = cli("--version");
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
});

test("help lists every command, and help <command> equals <command> --help", () => {
  const general = cli("help");
  assert.equal(general.status, 0);
  for (const command of COMMANDS) {
    assert.match(general.stdout, new RegExp(`^  ${command.name}\\s`, "m"), command.name);
    const a = cli("help", command.name);
    const b = cli(command.name, "--help");
    assert.equal(a.status, 0);
    assert.equal(a.stdout, b.stdout);
    assert.ok(a.stdout.startsWith(`usage: alpha-engine ${command.name}`), a.stdout);
  }
});

test("an unknown command or option exits 2 naming it", () => {
  const unknown = cli("frobnicate");
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const option = cli("run", "--config", "study.json", "--bogus");
  assert.equal(option.status, 2);
  assert.match(option.stderr, /--bogus/);
});

test("a config file that is null, an array or not JSON exits 2 naming the file; a BOM is accepted", () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-"));
  for (const [name, text, pattern] of [
    ["null.json", "null", /is null/],
    ["array.json", "[1]", /is an array/],
    ["bad.json", "{", /is not valid JSON/],
  ] as const) {
    writeFileSync(join(dir, name), text);
    const r = cli("run", "--config", join(dir, name));
    assert.equal(r.status, 2, name);
    assert.match(r.stderr, new RegExp(name.replace(".", "\\.")));
    assert.match(r.stderr, pattern);
  }
  writeFileSync(join(dir, "bom.json"), "\ufeff{\"portfolio\": {\"maxPosition\": -1}}");
  const bom = cli("run", "--config", join(dir, "bom.json"));
  assert.equal(bom.status, 2); // parsed past the BOM: the error is the field, not the JSON
  assert.match(bom.stderr, /portfolio\.maxPosition/);
});
