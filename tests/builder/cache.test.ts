import assert from "node:assert/strict";
import { join } from "node:path";
import { cachedText, cacheRoot, hashFiles, withCachedFolder } from "../../builder/cache.ts";

Deno.test("cache: an entry is made once per key and reused; a changed input is a new key", async () => {
  const kind = `test-${crypto.randomUUID().slice(0, 8)}`;
  const src = await Deno.makeTempDir({ prefix: "cache-src-" });
  try {
    await Deno.writeTextFile(join(src, "a.ts"), "1");
    const key1 = await hashFiles([src]);
    assert.equal(await hashFiles([src]), key1);
    let made = 0;
    const produce = async (dir: string) => {
      made++;
      await Deno.writeTextFile(join(dir, "out.txt"), `made ${made}`);
    };
    const read = async (key: string) => {
      let text = "";
      await withCachedFolder(kind, key, produce, async (dir) => {
        text = await Deno.readTextFile(join(dir, "out.txt"));
      });
      return text;
    };
    assert.equal(await read(key1), "made 1");
    assert.equal(await read(key1), "made 1", "reused");
    await Deno.writeTextFile(join(src, "a.ts"), "2");
    const key2 = await hashFiles([src]);
    assert.notEqual(key2, key1);
    assert.equal(await read(key2), "made 2");

    let compiles = 0;
    const compile = () => Promise.resolve(`code ${++compiles}`);
    assert.equal(await cachedText(kind, "k", compile), "code 1");
    assert.equal(await cachedText(kind, "k", compile), "code 1");
    await assert.rejects(cachedText(kind, "bad", () => Promise.reject(new Error("MDX: x"))));
    assert.equal(await cachedText(kind, "bad", compile), "code 2", "errors are not cached");
  } finally {
    await Deno.remove(src, { recursive: true });
    await Deno.remove(join(cacheRoot, kind), { recursive: true }).catch(() => {});
  }
});
