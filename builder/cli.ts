/**
 * `deno task build` → `deno run -A builder/cli.ts build`
 * `deno task serve` → `deno run -A builder/cli.ts serve` (PORT, default 3000)
 */
import { BuildError } from "./errors.ts";
import { buildSite } from "./mod.ts";
import { serveDev } from "./serve.ts";

async function build(): Promise<number> {
  try {
    await buildSite();
    return 0;
  } catch (error) {
    if (error instanceof BuildError) {
      console.error(`${error.file}:${error.line}:${error.column}: ${error.reason}`);
    } else console.error(error);
    return 1;
  }
}

const command = Deno.args[0] ?? "build";
if (command === "build") {
  Deno.exit(await build());
} else if (command === "serve") {
  await serveDev({ port: Number(Deno.env.get("PORT") ?? 3000) });
} else {
  console.error(`usage: cli.ts build | serve`);
  Deno.exit(2);
}
