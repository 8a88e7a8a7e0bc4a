import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { MissingOptionalPackageError, requireOptional } from "../../src/util/optional";
import { workspaceRoot } from "../../src/util/workspace";

test("requireOptional() loads an installed package", () => {
  const zod = requireOptional<{ z: unknown }>("zod", "config parsing");
  assert.equal(typeof zod.z, "object");
});

test("requireOptional() of a missing package throws MissingOptionalPackageError naming the package, the feature and the install command", () => {
  assert.throws(
    () => requireOptional("@duckdb/not-a-package", "the production registry"),
    (err: unknown) =>
      err instanceof MissingOptionalPackageError &&
      err.packageName === "@duckdb/not-a-package" &&
      err.message === 'the production registry needs the optional package "@duckdb/not-a-package", which is not installed: run `npm install @duckdb/not-a-package`',
  );
});

test("requireOptional() passes through errors other than the package itself missing", () => {
  // a file that exists but requires something missing is a broken install, not an absent package
  assert.throws(() => requireOptional(join(__dirname, "..", "fixtures", "optional", "broken.js"), "x"), (err: unknown) => !(err instanceof MissingOptionalPackageError) && /not-there-at-all/.test(String(err)));
});

test("workspaceRoot() is the package folder in a checkout and the working directory when installed under node_modules", () => {
  assert.equal(workspaceRoot("/home/me/alpha-engine"), "/home/me/alpha-engine");
  assert.equal(workspaceRoot("/home/me/project/node_modules/cross-asset-alpha-engine"), process.cwd());
  assert.equal(workspaceRoot(), join(__dirname, "..", ".."), "this checkout");
});
