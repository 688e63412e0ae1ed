/**
 * The Content-Security-Policy plugin (builder/plugins/csp.ts): the inline scripts a page runs are
 * found (not JSON data, not scripts with `src`), their hashes are in the policy that goes first in
 * the head, and the dev server's live-reload client is the script the policy allows.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  inlineScripts,
  RELOAD_CLIENT_JS,
  scriptHash,
  withPolicy,
} from "../../builder/plugins/csp.ts";
import { staticHandler } from "../../builder/serve.ts";

const PAGE = `<!doctype html><html><head><meta charset="utf-8"/><script>boot()</script>` +
  `<script type="module" src="/a.js"></script></head><body>` +
  `<script type="application/json" data-island-props="0">[1]</script>` +
  `<script>end()</script></body></html>`;

Deno.test("csp: inline scripts are hashed into a policy that comes first in the head", async () => {
  assert.deepEqual(inlineScripts(PAGE), ["boot()", "end()"]);
  const html = await withPolicy(PAGE);
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(meta, "the policy is there");
  assert.ok(html.indexOf(meta[0]) < html.indexOf("<script>"), "before any script");
  const policy = meta[1];
  for (const js of ["boot()", "end()"]) assert.ok(policy.includes(await scriptHash(js)), js);
  assert.ok(!policy.includes(await scriptHash("[1]")), "JSON data is not a script");
  assert.match(policy, /connect-src 'self'(;|$)/);
  assert.match(policy, /script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' blob: 'sha256-/);
  const scriptSrc = policy.split(";").find((d) => d.trim().startsWith("script-src"))!;
  assert.doesNotMatch(scriptSrc, /unsafe-inline|\*|https?:/, "no inline or foreign scripts");
  await assert.rejects(withPolicy("<html><head></head></html>"), /meta charset/);
});

Deno.test("csp: the dev server's live-reload client is the one the policy allows", async () => {
  const dir = await Deno.makeTempDir({ prefix: "csp-" });
  try {
    await Deno.writeTextFile(join(dir, "index.html"), PAGE);
    const { handler } = staticHandler(dir, { liveReload: true });
    const html = await (await handler(new Request("http://localhost/"))).text();
    const injected = inlineScripts(html).filter((js) => !["boot()", "end()"].includes(js));
    assert.deepEqual(injected, [RELOAD_CLIENT_JS]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
