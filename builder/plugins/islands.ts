/**
 * Islands: every `components/islands/<Name>.tsx` (default export: a Preact component) can be
 * used in a page as `<Name ... />`. The server renders it inside a marker
 * (`<div data-island="Name" data-island-id="N">`) followed by its props, serialized with
 * devalue in `<script type="application/json" data-island-props="N">`. After the pages are
 * written, one `deno bundle` call (ESM, code splitting, minified) turns one small entry per
 * island used into `assets/js/<Name>.js` plus shared chunks; a page with islands loads only
 * `assets/js/islands.js` (builder/client/islands.ts), which fetches an island's bundle and
 * hydrates it when the island comes near the viewport. Modules an island
 * loads with `import()` (tfjs, the engine) get chunks of their own, fetched only then. The same
 * call bundles the training runtime's Web Worker (`components/runtime_worker.ts`) as
 * `assets/js/runtime-worker.js`, sharing the engine's chunks with the main-thread fallback.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type ComponentType, Fragment, h } from "preact";
import { BuildError } from "../errors.ts";
import { LOCATION_PROP } from "./mdx.ts";
import { PropsError, serializeProps } from "../serialize.ts";
import { copyTree, projectRoot, renderContext, type Site } from "../site.ts";
import { hashFiles, hashOf, withCachedFolder } from "../cache.ts";

export interface Options {
  /** Folder of the island components, relative to the project root. */
  folder: string;
  /** Output folder of the client bundles, under the site. */
  output: string;
}

export const defaults: Options = { folder: "components/islands", output: "assets/js" };

type AnyComponent = ComponentType<Record<string, unknown>>;

/** Where an island was used, from the location prop the MDX plugin adds. */
function where(loc: unknown, fallback: string): { file: string; line: number; column: number } {
  const match = typeof loc === "string" ? /^(.*):(\d+):(\d+)$/.exec(loc) : null;
  return match
    ? { file: match[1], line: +match[2], column: +match[3] }
    : { file: fallback, line: 0, column: 0 };
}

/** The server-side stand-in for an island: its HTML inside a marker, then its props. */
export function islandComponent(name: string, Component: AnyComponent): AnyComponent {
  function Island(all: Record<string, unknown>) {
    const { [LOCATION_PROP]: loc, ...rest } = all;
    const context = renderContext();
    // Islands get the page's language unless the lesson passes one.
    const props = context && rest.lang === undefined ? { ...rest, lang: context.page.lang } : rest;
    let json: string;
    try {
      json = serializeProps(props);
    } catch (error) {
      if (!(error instanceof PropsError)) throw error;
      const at = where(loc, context?.page.file ?? "?");
      const prop = error.path.replace(/^\./, "") || "(props)";
      throw new BuildError(
        at.file,
        at.line,
        at.column,
        `island <${name}>: prop "${prop}" cannot be serialized (${error.message}); props must be plain data`,
        { cause: error },
      );
    }
    const id = context ? context.nextId++ : 0;
    context?.page.islands.add(name);
    return h(
      Fragment,
      null,
      h(
        "div",
        { class: "island", "data-island": name, "data-island-id": String(id) },
        h(Component, props),
      ),
      h("script", {
        type: "application/json",
        "data-island-props": String(id),
        dangerouslySetInnerHTML: { __html: json },
      }),
    );
  }
  Island.displayName = `Island(${name})`;
  return Island;
}

/** The islands' loader, the one script a page with islands loads: `<output>/islands.js`. */
export const LOADER_ENTRY = "islands";

/** The runtime worker's bundle: `<output>/runtime-worker.js`. */
export const WORKER_ENTRY = "runtime-worker";

/** Bundles one entry per island name into `outdir` with a single `deno bundle` call. */
export async function bundleIslands(
  folder: string,
  names: string[],
  outdir: string,
): Promise<void> {
  if (names.length === 0) return;
  const temp = await Deno.makeTempDir({ prefix: "islands-" });
  try {
    const loader = join(temp, `${LOADER_ENTRY}.ts`);
    const loaderModule = new URL("../client/islands.ts", import.meta.url).href;
    await Deno.writeTextFile(loader, `import ${JSON.stringify(loaderModule)};\n`);
    const entries: string[] = [loader];
    for (const name of names) {
      const entry = join(temp, `${name}.ts`);
      const component = pathToFileURL(join(folder, `${name}.tsx`)).href;
      await Deno.writeTextFile(entry, `export { default } from ${JSON.stringify(component)};\n`);
      entries.push(entry);
    }
    // The header's search (components/ui/Search.tsx loads it on first use): `site_search.js`.
    const search = join(temp, "site_search.ts");
    const searchModule = pathToFileURL(join(projectRoot, "components/ui/site_search.ts")).href;
    await Deno.writeTextFile(search, `export * from ${JSON.stringify(searchModule)};\n`);
    entries.push(search);
    const worker = join(temp, `${WORKER_ENTRY}.ts`);
    const workerModule = pathToFileURL(join(projectRoot, "components/runtime_worker.ts")).href;
    await Deno.writeTextFile(worker, `import ${JSON.stringify(workerModule)};\n`);
    entries.push(worker);
    const command = new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--config",
        join(projectRoot, "deno.json"),
        "--platform",
        "browser",
        "--code-splitting",
        "--minify",
        "--outdir",
        outdir,
        ...entries,
      ],
      cwd: projectRoot,
      stdout: "piped",
      stderr: "piped",
    });
    const { code, stderr, stdout } = await command.output();
    if (code !== 0) {
      const text = new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout);
      throw new Error(`deno bundle failed (exit ${code}):\n${text}`);
    }
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
}

export default function islands(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    site.addEventListener("beforeBuild", async () => {
      const folder = site.path(options.folder);
      let entries: Deno.DirEntry[] = [];
      try {
        entries = await Array.fromAsync(Deno.readDir(folder));
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      // Imported together: the module loads overlap.
      const found = entries.map((e) => ({ e, match: /^([A-Z][A-Za-z0-9]*)\.tsx$/.exec(e.name) }))
        .filter(({ e, match }) => e.isFile && match)
        .sort((a, b) => a.e.name.localeCompare(b.e.name));
      const modules = await Promise.all(
        found.map(({ e }) => import(pathToFileURL(join(folder, e.name)).href)),
      );
      found.forEach(({ e, match }, i) => {
        if (typeof modules[i].default !== "function") {
          throw new BuildError(
            `${options.folder}/${e.name}`,
            1,
            1,
            "an island must default-export a component",
          );
        }
        site.components[match![1]] = islandComponent(match![1], modules[i].default);
      });
    });
    site.scripts.push((page) =>
      page.islands.size > 0 ? [`${options.output}/${LOADER_ENTRY}.js`] : []
    );
    site.addEventListener("afterBuild", async ({ out }) => {
      const used = [...new Set(site.pages.flatMap((p) => [...p.islands]))].sort();
      const folder = site.path(options.folder);
      // Bundling is the slowest step of a build and its output changes only with the code: it
      // is cached under a hash of every source a bundle can import (the islands' components
      // folder, claims/, engine/, mnist/, the client runtime, this plugin, the import map and lock
      // file).
      const key = await hashOf([
        JSON.stringify(used),
        await hashFiles([
          join(folder, ".."),
          ...[
            "components",
            "claims",
            "engine",
            "mnist",
            "builder/client",
            "builder/serialize.ts",
            "builder/plugins/islands.ts",
          ]
            .map((p) => join(projectRoot, p)),
          join(projectRoot, "deno.json"),
          join(projectRoot, "deno.lock"),
        ]),
      ]);
      await withCachedFolder(
        "islands",
        key,
        (dir) => bundleIslands(folder, used, dir),
        (dir) => copyTree(dir, join(out, options.output)),
      );
    });
  };
}
