import { test } from "node:test";
import assert from "node:assert/strict";
import { pageClasses, pruneRules, slimReportHtml } from "../../scripts/slimHtml";

test("pruneRules() keeps rules whose classes the page has, rules without classes and whole @keyframes", () => {
  const css = ".a{color:red}.b{color:blue}p{margin:0}.a .b,.a{x:1}.a:not(.b){y:1}@media print{.b{x:1}.a{y:2}}@media screen{.b{z:1}}@keyframes k{0%{a:1}}@font-face{font-family:f}";
  assert.equal(pruneRules(css, new Set(["a"])), ".a{color:red}p{margin:0}.a .b,.a{x:1}.a:not(.b){y:1}@media print{.a{y:2}}@keyframes k{0%{a:1}}@font-face{font-family:f}");
});

test("pruneRules() is not fooled by braces inside strings", () => {
  assert.equal(pruneRules('.a:before{content:"}"}.b{c:1}', new Set(["a"])), '.a:before{content:"}"}');
});

test("slimReportHtml() prunes and minifies every <style> against the page's class attributes", () => {
  const html = '<style type="text/css">\n.used { color: red; }\n.unused { color: blue; }\n</style><div class="x used"></div>';
  assert.deepEqual([...pageClasses(html)].sort(), ["used", "x"]);
  assert.equal(slimReportHtml(html), '<style type="text/css">.used{color:red}\n</style><div class="x used"></div>');
});
