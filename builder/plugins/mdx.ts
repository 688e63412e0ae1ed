/**
 * MDX pages: `.mdx` files with YAML front matter, compiled by @mdx-js/mdx with remark-math and
 * remark-gfm plus the remark / rehype plugins other plugins add (`site.remarkPlugins`,
 * `site.rehypePlugins`). Components are used by name with no import (`<Neuron w={1} />`):
 * every capitalized JSX name must be one the site knows (`site.components`), which is checked
 * on the syntax tree so an unknown name fails the build at its line instead of at render time.
 */
import { compile, run, type RunOptions } from "@mdx-js/mdx";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import * as runtime from "preact/jsx-runtime";
import { BuildError, displayPath, readSourceText } from "../errors.ts";
import { parseFrontMatter } from "../frontmatter.ts";
import type { LoadedPage, Pluggable, Site } from "../site.ts";
import type { TocEntry } from "./toc.ts";
import { cachedText, hashFiles, hashOf } from "../cache.ts";
import { join } from "node:path";
import { projectRoot } from "../site.ts";
import { substituteClaims, UnknownClaimError } from "../../claims/mod.ts";
import { remarkCjkLines } from "./cjk_lines.ts";

export interface Options {
  /** File extensions loaded as MDX pages. */
  extensions: string[];
  /** Extra remark plugins, after remark-math and remark-gfm. */
  remarkPlugins: Pluggable[];
  /** Extra rehype plugins. */
  rehypePlugins: Pluggable[];
}

export const defaults: Options = { extensions: [".mdx"], remarkPlugins: [], rehypePlugins: [] };

/** The attribute that carries a component's source location to it ("file:line:column"). */
export const LOCATION_PROP = "__loc";

interface Node {
  type: string;
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  position?: { start: { line: number; column: number } };
  children?: Node[];
}

/**
 * Checks every capitalized JSX element against the known components and gives each one a
 * {@link LOCATION_PROP} attribute, so a component can name the place it was used in errors.
 */
function remarkComponents(known: () => Set<string>, file: string) {
  return () => (tree: Node) => {
    const names = known();
    const walk = (node: Node) => {
      if ((node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") && node.name) {
        if (/^[A-Z]/.test(node.name) || node.name.includes(".")) {
          const { line, column } = node.position?.start ?? { line: 0, column: 0 };
          if (!names.has(node.name)) {
            const list = [...names].sort().join(", ") || "none";
            throw new BuildError(
              file,
              line,
              column,
              `unknown component <${node.name}> (known: ${list})`,
            );
          }
          node.attributes?.push({
            type: "mdxJsxAttribute",
            name: LOCATION_PROP,
            value: `${file}:${line}:${column}`,
          });
        }
      }
      node.children?.forEach(walk);
    };
    walk(tree);
  };
}

/** Compiles one MDX source (front matter already split off) to a component. */
export async function compileMdx(
  body: string,
  file: string,
  site: Pick<Site, "components" | "remarkPlugins" | "rehypePlugins">,
  options: Options = defaults,
): Promise<LoadedPage["content"]> {
  return (await compileMdxPage(body, file, site, options)).content;
}

/**
 * Compiles one MDX source to a component plus what the plugins learned about it on the way
 * (`file.data`: the table of contents, for one).
 */
export async function compileMdxPage(
  body: string,
  file: string,
  site: Pick<Site, "components" | "remarkPlugins" | "rehypePlugins">,
  options: Options = defaults,
): Promise<{ content: LoadedPage["content"]; data: Record<string, unknown> }> {
  const { code, data } = await compileToCode(body, file, site, options);
  return { content: await runCode(code), data };
}

/** MDX → the JavaScript function body that makes the component, and `file.data`. */
async function compileToCode(
  body: string,
  file: string,
  site: Pick<Site, "components" | "remarkPlugins" | "rehypePlugins">,
  options: Options,
): Promise<{ code: string; data: Record<string, unknown> }> {
  let code: string;
  let data: Record<string, unknown>;
  try {
    const compiled = await compile({ value: body, path: file }, {
      outputFormat: "function-body",
      jsxImportSource: "preact",
      remarkPlugins: [
        remarkMath,
        remarkGfm,
        remarkCjkLines,
        remarkComponents(() => new Set(Object.keys(site.components)), file),
        ...site.remarkPlugins,
        ...options.remarkPlugins,
      ],
      rehypePlugins: [...site.rehypePlugins, ...options.rehypePlugins],
    });
    code = String(compiled);
    data = compiled.data as Record<string, unknown>;
  } catch (error) {
    if (error instanceof BuildError) throw error;
    const e = error as Error & { line?: number; column?: number; reason?: string };
    const reason = (e.reason ?? e.message).split("\n")[0];
    throw new BuildError(file, e.line ?? 0, e.column ?? 0, `MDX: ${reason}`, { cause: error });
  }
  return { code, data };
}

/** Runs compiled MDX: the page's component. */
async function runCode(code: string): Promise<LoadedPage["content"]> {
  const module = await run(code, { ...runtime, baseUrl: import.meta.url } as unknown as RunOptions);
  return module.default as unknown as LoadedPage["content"];
}

/**
 * `compileMdxPage`, cached between builds: the compiled code and `file.data` are kept under a hash
 * of the source, its file name, the component names, the builder's own sources (its remark and
 * rehype plugins), the site's config and the lock file. Running the code is cheap; compiling
 * (unified, KaTeX, highlight.js) is most of a page's time. Errors are never cached.
 */
async function compileCached(
  body: string,
  file: string,
  site: Site,
  options: Options,
  tools: Promise<string>,
): Promise<{ content: LoadedPage["content"]; data: Record<string, unknown> }> {
  const key = await hashOf([
    body,
    file,
    Object.keys(site.components).sort().join(","),
    await tools,
  ]);
  let fresh: { content: LoadedPage["content"]; data: Record<string, unknown> } | undefined;
  const cached = JSON.parse(
    await cachedText("mdx", key, async () => {
      const { code, data } = await compileToCode(body, file, site, options);
      fresh = { content: await runCode(code), data };
      return JSON.stringify({ code, data });
    }),
  );
  return fresh ?? { content: await runCode(cached.code), data: cached.data };
}

/**
 * The source with every `<Claim name="…" />` replaced by its number from claims/claims.json
 * (claims/mod.ts), before front matter and MDX see it; an unknown name fails the build at its
 * line.
 */
export function withClaims(source: string, file: string): string {
  try {
    return substituteClaims(source);
  } catch (e) {
    if (!(e instanceof UnknownClaimError)) throw e;
    throw new BuildError(file, e.line, e.column, e.message);
  }
}

export default function mdx(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    // What every compile depends on besides its own source; hashed once per build.
    let tools: Promise<string> | undefined;
    site.addEventListener("beforeBuild", () => {
      tools = hashFiles([
        join(projectRoot, "builder"),
        site.path("_config.ts"),
        join(projectRoot, "deno.json"),
        join(projectRoot, "deno.lock"),
      ]);
    });
    site.loadPages(options.extensions, async (path) => {
      const file = displayPath(path);
      const { data, body } = parseFrontMatter(
        withClaims(await readSourceText(path, file), file),
        file,
      );
      tools ??= hashFiles([join(projectRoot, "builder"), join(projectRoot, "deno.lock")]);
      const page = await compileCached(body, file, site, options, tools);
      return { data, content: page.content, toc: page.data.toc as TocEntry[] | undefined };
    });
  };
}
