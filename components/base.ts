/** The site's base path ("/" or "/sub/path/"), written by the layout on `<html data-base>`. */
export function basePath(): string {
  const base = globalThis.document?.documentElement.dataset.base ?? "/";
  return base.endsWith("/") ? base : base + "/";
}

/** URL of a built asset under the site's base path, e.g. `assetUrl("assets/mnist/train.bin")`. */
export function assetUrl(path: string): string {
  return basePath() + path.replace(/^\/+/, "");
}
