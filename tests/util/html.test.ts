import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml } from "../../src/util/html";

test("escapeHtml escapes &, <, > and double quotes, ampersand first", () => {
  assert.equal(escapeHtml(`a & <b class="x">&amp;</b>`), "a &amp; &lt;b class=&quot;x&quot;&gt;&amp;amp;&lt;/b&gt;");
});
