/**
 * `deno task build` → `deno run -A builder/cli.ts build [--config path/to/_config.ts]`
 * `deno task serve` → `deno run -A builder/cli.ts serve` (PORT, default 3000)
 */
import { BuildError } from "./errors.ts";
import { buildSite } from "./mod.ts";
import { serveDev } from "./serve.ts";

async function build(config?: string): Promise<number> {
  try {
    await buildSite({ config });
    return 0;
  } catch (error) {
    if (error instanceof BuildError) {
      console.error(`${error.file}:${error.line}:${error.column}: ${error.reason}`);
    } else console.error(error);
    return 1;
  }
}

const command = Deno.args[0] ?? "build";
const at = Deno.args.indexOf("--config");
const config = at >= 0 ? Deno.args[at + 1] : undefined;
if (command === "build") {
  Deno.exit(await build(config));
} else if (command === "serve") {
  await serveDev({ port: Number(Deno.env.get("PORT") ?? 3000) });
} else {
  console.error(`usage: cli.ts build | serve`);
  Deno.exit(2);
}
