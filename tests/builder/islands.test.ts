import assert from "node:assert/strict";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { deserializeProps, PropsError, serializeProps } from "../../builder/serialize.ts";
import { islandComponent } from "../../builder/plugins/islands.ts";
import { thrown } from "./helpers.ts";

const awkward: [string, unknown][] = [
  ["closing script", "</script><script>alert(1)</script>"],
  ["html comment", "<!-- x --> <!--"],
  ["line separators", "a\u2028b\u2029c"],
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
  ["-0", -0],
  ["undefined", undefined],
  ["null", null],
  ["empty string", ""],
  ["quotes and backslashes", `"'\\\`\${x}`],
  ["unicode", "σ(wx+b) 中文 😀 \u0000 \uFFFF"],
  ["big number", Number.MAX_VALUE],
  ["tiny number", Number.MIN_VALUE],
  ["nested", { a: [1, { b: [NaN, "</script>"] }], c: { d: undefined } }],
  ["sparse array", [1, , 3]],
  ["booleans", [true, false]],
  ["Date", new Date(86400000)],
];

Deno.test("props: awkward values survive a round trip", () => {
  for (const [name, value] of awkward) {
    const text = serializeProps({ value });
    assert.doesNotMatch(text, /<|\u2028|\u2029/, name);
    const back = deserializeProps(text);
    assert.ok("value" in back, name);
    assert.deepEqual(back.value, value, name);
    if (Object.is(value, -0)) assert.ok(Object.is(back.value, -0), "-0 stays -0");
  }
});

Deno.test("props: functions, class instances and symbols are rejected with the path", () => {
  class Thing {
    x = 1;
  }
  const cases: [Record<string, unknown>, string][] = [
    [{ onClick: () => 1 }, ".onClick"],
    [{ deep: { thing: new Thing() } }, ".deep.thing"],
    [{ s: Symbol("s") }, ".s"],
  ];
  for (const [props, path] of cases) {
    const error = thrown(() => serializeProps(props));
    assert.ok(error instanceof PropsError);
    assert.equal(error.path, path);
  }
});

Deno.test("islands: the server renders the component inside a marker, then its props", () => {
  const Hello = (p: Record<string, unknown>) => h("p", { class: "hello" }, `hi ${p.name}`);
  const Island = islandComponent("Hello", Hello);
  const html = renderToString(h(Island, { name: "</script>", __loc: "x.mdx:1:1" }));
  const match =
    /^<div class="island" data-island="Hello" data-island-id="0"><p class="hello">hi &lt;\/script><\/p><\/div><script type="application\/json" data-island-props="0">(.*)<\/script>$/
      .exec(html);
  assert.ok(match, html);
  assert.deepEqual(deserializeProps(match[1]), { name: "</script>" });
});
