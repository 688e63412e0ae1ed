/**
 * The Site: options, plugins (`site.use`), page loaders, hooks, and the build itself.
 * Shaped like Lume's Site so that `_config.ts` reads like a Lume config; far smaller.
 *
 * Build order: `beforeBuild` hooks → load every `src/<lang>/*.<ext>` page → render each
 * page's content, then its layout → index pages → copies → `afterBuild` hooks (bundling,
 * asset writers) → swap the temporary output folder in place of `dest`.
 */
import { dirname, join, relative, resolve } from "node:path";
import type { ComponentType } from "preact";
import type { ProcessorOptions } from "@mdx-js/mdx";
import { BuildError, displayPath } from "./errors.ts";
import type { FrontMatter } from "./frontmatter.ts";
import type { TocEntry } from "./plugins/toc.ts";
import { renderHome, renderLanguageIndex, renderLesson } from "./render.tsx";
import { LANGS } from "../components/lib/lang.ts";

/** The project root (where deno.json and node_modules are), whatever the site's own root. */
export const projectRoot: string = resolve(import.meta.dirname!, "..");

/** Site options (see `_config.ts`). */
export interface SiteOptions {
  /** Project root; other paths are relative to it. */
  root: string;
  /** Folder of the lessons, `<src>/<lang>/<slug>.mdx`. */
  src: string;
  /** Output folder. */
  dest: string;
  /** Base path the site is served under ("/" or "/sub/"). */
  location: string;
  /** Languages, in the order the language chooser lists them. */
  languages: string[];
  /** Print nothing but errors. */
  quiet: boolean;
}

/** What a page loader returns for one source file. */
export interface LoadedPage {
  data: FrontMatter;
  /** The page body as a Preact component taking MDX `components`. */
  content: ComponentType<{ components?: Record<string, unknown> }>;
  /** Its `##` / `###` headings, when the toc plugin runs. */
  toc?: TocEntry[];
}

/** A page of the site, after loading. */
export interface Page extends LoadedPage {
  /** Absolute path of the source file. */
  file: string;
  lang: string;
  slug: string;
  /** URL path without the base, e.g. "/en/bumps/". */
  path: string;
  /** Names of the islands the rendered page uses (filled while rendering). */
  islands: Set<string>;
}

/** A remark or rehype plugin, with or without options. */
export type Pluggable = NonNullable<ProcessorOptions["remarkPlugins"]>[number];

export type Loader = (file: string, site: Site) => Promise<LoadedPage>;
export type Plugin = (site: Site) => void;

/** What build hooks receive. */
export interface BuildContext {
  site: Site;
  /** The temporary output folder being written (swapped in place of `dest` at the end). */
  out: string;
  /** Writes a file under the output folder, making folders as needed. */
  write(path: string, data: Uint8Array | string): Promise<void>;
}
export type BuildHook = (context: BuildContext) => Promise<void> | void;

/** Context of the page being rendered, for components that must know it (islands). */
export interface RenderContext {
  page: Page;
  site: Site;
  /** Counter for unique ids inside the page. */
  nextId: number;
}
let current: RenderContext | undefined;
/** The page being rendered right now (rendering is synchronous, so one at a time). */
export function renderContext(): RenderContext | undefined {
  return current;
}

export class Site {
  readonly options: SiteOptions;
  pages: Page[] = [];
  /** Components a page may use by name (islands register themselves here). */
  readonly components: Record<string, ComponentType<Record<string, unknown>>> = {};
  /** Extension points for the MDX pipeline. */
  readonly remarkPlugins: Pluggable[] = [];
  readonly rehypePlugins: Pluggable[] = [];
  /** Stylesheets a page links, as paths under the base, given the page (none: a home page). */
  readonly styles: ((page?: Page) => string[])[] = [];
  /** Inline scripts every page runs at the end of its body (the offline plugin's registration). */
  readonly inlineScripts: string[] = [];
  /** Module scripts a page loads, given the page (islands add theirs). */
  readonly scripts: ((page: Page) => string[])[] = [];
  readonly #loaders = new Map<string, Loader>();
  readonly #copies: { from: string; to: string }[] = [];
  readonly #before: BuildHook[] = [];
  readonly #after: BuildHook[] = [];

  constructor(options: Partial<SiteOptions> = {}) {
    const root = options.root ?? Deno.cwd();
    this.options = {
      root,
      src: "lessons",
      dest: "_site",
      location: normalizeBase(Deno.env.get("BASE_PATH") ?? "/"),
      languages: [...LANGS],
      quiet: false,
      ...options,
    };
    this.options.location = normalizeBase(this.options.location);
  }

  /** Runs a plugin on this site. */
  use(plugin: Plugin): this {
    plugin(this);
    return this;
  }

  /** Registers `loader` for source files with these extensions (".mdx"). */
  loadPages(extensions: string[], loader: Loader): this {
    for (const ext of extensions) this.#loaders.set(ext, loader);
    return this;
  }

  /** Copies a file or folder (absolute, or relative to the root) to `to` under the output. */
  copy(from: string, to: string): this {
    this.#copies.push({ from: this.path(from), to });
    return this;
  }

  /** Adds a hook run before pages load ("beforeBuild") or after they are written ("afterBuild"). */
  addEventListener(event: "beforeBuild" | "afterBuild", hook: BuildHook): this {
    (event === "beforeBuild" ? this.#before : this.#after).push(hook);
    return this;
  }

  /** Absolute path of a project path. */
  path(path: string): string {
    return resolve(this.options.root, path);
  }

  /** Public URL of a path under the site, with the base path ("assets/x" → "/base/assets/x"). */
  url(path: string): string {
    return this.options.location + path.replace(/^\/+/, "");
  }

  /** Builds into a temporary folder and swaps it with `dest` only if everything succeeded. */
  async build(): Promise<{ dest: string; pages: string[] }> {
    const started = performance.now();
    const dest = this.path(this.options.dest);
    await Deno.mkdir(dirname(dest), { recursive: true });
    const out = await Deno.makeTempDir({ dir: dirname(dest), prefix: `${basename(dest)}.tmp-` });
    const written: string[] = [];
    const context: BuildContext = {
      site: this,
      out,
      async write(path, data) {
        const target = join(out, path);
        if (!target.startsWith(out + "/")) {
          throw new Error(`refusing to write outside the output: ${path}`);
        }
        await Deno.mkdir(dirname(target), { recursive: true });
        if (typeof data === "string") await Deno.writeTextFile(target, data);
        else await Deno.writeFile(target, data);
        if (target.endsWith(".html")) written.push(relative(out, target));
      },
    };
    try {
      for (const hook of this.#before) await hook(context);
      this.pages = await this.#loadAll();
      for (const page of this.pages) {
        await context.write(join(page.path, "index.html"), this.#render(page));
      }
      const languages = this.options.languages.filter((l) => this.pages.some((p) => p.lang === l));
      await context.write("index.html", renderHome(this, languages));
      for (const lang of languages) {
        await context.write(join(lang, "index.html"), renderLanguageIndex(this, lang));
      }
      for (const { from, to } of this.#copies) await copyTree(from, join(out, to));
      for (const hook of this.#after) await hook(context);
      await swap(out, dest);
    } catch (error) {
      await Deno.remove(out, { recursive: true }).catch(() => {});
      throw error;
    }
    if (!this.options.quiet) {
      const ms = Math.round(performance.now() - started);
      console.log(`built ${written.length} pages into ${displayPath(dest)}/ in ${ms} ms`);
    }
    return { dest, pages: written.sort() };
  }

  /** Lessons in `lang`, by `order`. */
  lessons(lang: string): Page[] {
    return this.pages.filter((p) => p.lang === lang).sort((a, b) => a.data.order - b.data.order);
  }

  /**
   * Loads every page. The file names are all checked first; then the loaders run together (their
   * file and cache reads overlap), and the pages keep the order of the files.
   */
  async #loadAll(): Promise<Page[]> {
    const loading: (() => Promise<Page>)[] = [];
    for (const lang of this.options.languages) {
      const folder = join(this.path(this.options.src), lang);
      let entries: Deno.DirEntry[];
      try {
        entries = await Array.fromAsync(Deno.readDir(folder));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) continue;
        throw error;
      }
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const ext = entry.name.slice(entry.name.lastIndexOf("."));
        const loader = this.#loaders.get(ext);
        if (!entry.isFile || !loader || entry.name.startsWith("_")) continue;
        const file = join(folder, entry.name);
        const slug = entry.name.slice(0, -ext.length);
        if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
          throw new BuildError(displayPath(file), 1, 1, `file name must be a slug (a-z, 0-9, -)`);
        }
        loading.push(() =>
          loader(file, this).then((loaded) => ({
            ...loaded,
            file,
            lang,
            slug,
            path: `/${lang}/${slug}/`,
            islands: new Set<string>(),
          }))
        );
      }
    }
    return await Promise.all(loading.map((load) => load()));
  }

  #render(page: Page): string {
    current = { page, site: this, nextId: 0 };
    try {
      return renderLesson(this, page);
    } catch (error) {
      if (error instanceof BuildError) throw error;
      throw new BuildError(
        displayPath(page.file),
        1,
        1,
        `render failed: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    } finally {
      current = undefined;
    }
  }
}

/** "/", "sub", "/sub" and "/sub/" → "/" and "/sub/". */
export function normalizeBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}

function basename(path: string): string {
  return path.replace(/\/+$/, "").split("/").pop()!;
}

/** Copies a file, or a folder with everything in it. */
export async function copyTree(from: string, to: string): Promise<void> {
  const info = await Deno.stat(from);
  if (info.isFile) {
    await Deno.mkdir(dirname(to), { recursive: true });
    await Deno.copyFile(from, to);
    return;
  }
  await Deno.mkdir(to, { recursive: true });
  const entries = await Array.fromAsync(Deno.readDir(from));
  await Promise.all(entries.map((e) => copyTree(join(from, e.name), join(to, e.name))));
}

/**
 * Puts `out` where `dest` is. Two renames: `dest` → `dest.old-*`, `out` → `dest`; the window in
 * between is a few microseconds, and a failure before it leaves the old `dest` untouched.
 */
async function swap(out: string, dest: string): Promise<void> {
  const old = `${dest}.old-${crypto.randomUUID().slice(0, 8)}`;
  let moved = false;
  try {
    await Deno.rename(dest, old);
    moved = true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.rename(out, dest);
  if (moved) await Deno.remove(old, { recursive: true });
}
