/** Shared helpers for the builder tests: a fixture site and throwaway sites from strings. */
import { join } from "node:path";
import { Site } from "../../builder/site.ts";
import mdx from "../../builder/plugins/mdx.ts";
import katex from "../../builder/plugins/katex.ts";
import highlight from "../../builder/plugins/highlight.ts";
import islands from "../../builder/plugins/islands.ts";
import assets from "../../builder/plugins/assets.ts";

export const FIXTURE = join(import.meta.dirname!, "fixtures/site");
export const FIXTURE_ISLANDS = join(FIXTURE, "components/islands");

/** A site like `_config.ts`'s, rooted at `root`, with islands from the fixture. */
export function makeSite(root: string, dest: string, location = "/", tfjsWasm = false): Site {
  const site = new Site({ root, dest, location, languages: ["en", "zh"], quiet: true });
  site.use(mdx());
  site.use(katex());
  site.use(highlight());
  site.use(islands({ folder: FIXTURE_ISLANDS }));
  site.use(
    assets({ styles: [join(import.meta.dirname!, "../../components/styles/site.css")], tfjsWasm }),
  );
  return site;
}

/** Builds a site whose only lesson is `lessons/en/<name>` = `source`; resolves to the error thrown. */
export async function buildError(source: string | Uint8Array, name = "bad.mdx"): Promise<Error> {
  const root = await Deno.makeTempDir({ prefix: "builder-test-" });
  try {
    await Deno.mkdir(join(root, "lessons/en"), { recursive: true });
    const path = join(root, "lessons/en", name);
    if (typeof source === "string") await Deno.writeTextFile(path, source);
    else await Deno.writeFile(path, source);
    await makeSite(root, join(root, "_site")).build();
  } catch (error) {
    return error as Error;
  } finally {
    await Deno.remove(root, { recursive: true });
  }
  throw new Error("the build did not fail");
}

/** The error `fn` throws (fails when it throws nothing). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
