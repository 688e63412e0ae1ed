/**
 * The training additions of the engine (nn.Dropout with train/eval, nn.init, optim.RMSprop,
 * optim.AdamW, optim.lrScheduler) are in a code cell's scope: a tiny cell uses each of them.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { Workspace } from "../../components/cells/workspace.ts";
import type { CellOutput } from "../../components/cells/output.ts";

await engine.initBackend({ prefer: "cpu" });

async function run(ws: Workspace, code: string) {
  const out: CellOutput[] = [];
  const error = await ws.exec(code, (o) => out.push(o));
  return { error, text: out.map((o) => o.kind === "text" ? o.text : `[${o.kind}]`) };
}

Deno.test("cells: nn.Dropout, nn.init, optim.RMSprop, optim.AdamW and optim.lrScheduler are in scope", async () => {
  const ws = new Workspace({ engine });
  const r = await run(
    ws,
    `manualSeed(0);
const model = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(8, 1));
nn.init.kaimingNormal_(model.layers[0].weight, { nonlinearity: "relu" });
nn.init.zeros_(model.layers[0].bias);
const opt = new optim.RMSprop(model.parameters(), { lr: 0.01, momentum: 0.9 });
const sched = new optim.lrScheduler.StepLR(opt, { stepSize: 2, gamma: 0.5 });
const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = tensor([[0], [1], [1], [0]]);
for (let epoch = 0; epoch < 4; epoch++) {
  opt.zeroGrad();
  const loss = F.mseLoss(model.forward(x), y);
  loss.backward();
  opt.step();
  sched.step();
}
print(sched.getLastLr()[0]);
model.eval();
const a = noGrad(() => model.forward(x)), b = noGrad(() => model.forward(x));
print(model.layers[2].training, a.sub(b).abs().sum().item());
print(new optim.AdamW(model.parameters()).weightDecay);`,
  );
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  assert.deepEqual(r.text, ["0.0025", "false 0", "0.01"]);
  const bad = await run(ws, "new nn.Dropout(1.2)");
  assert.equal(bad.error?.kind, "engine");
  assert.match(bad.error!.message, /^nn\.Dropout: p = 1\.2; /);
});
