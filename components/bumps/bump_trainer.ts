/**
 * BumpTrainer's training as a runtime trainer: nn.Linear(1, H) → activation → nn.Linear(H, 1)
 * fitted by full-batch MSE and Adam to BUMP_SAMPLES samples of Nielsen's f, from PyTorch's random
 * init or from the reader's hand-built bumps (BumpBuilder's weights, same layout). A snapshot is
 * the loss and the weights in plain numbers (the island draws each neuron's part from them).
 */
import type { TrainerModule } from "../runtime/trainer.ts";
import { type Activation, BUMP_SAMPLES, bumpNet, linspace, type Net1D, nielsen } from "./math.ts";
import type { BuiltBumps } from "./state.ts";
import { type LayerInit, type MlpSnapshot, MlpTrainer } from "./train.ts";

export interface BumpFitProps {
  /** Hidden neurons (ignored when starting from bumps: two per bump). */
  hidden: number;
  act: Activation;
  /** Start from these bumps; null: random weights. */
  start: BuiltBumps | null;
  seed: number;
  lr: number;
}

const XS = linspace(0, 1, BUMP_SAMPLES);

/** A one-hidden-layer net's weights as layer inits (PyTorch layout). */
export function netInit(net: Net1D): LayerInit[] {
  return [{ W: net.w.map((w) => [w]), b: net.b }, { W: [net.v], b: [net.c] }];
}

const bumpFit: TrainerModule<BumpFitProps, MlpSnapshot> = {
  create(engine, p) {
    const init = p.start ? bumpNet(p.start.heights, p.start.steepness) : null;
    return new MlpTrainer(
      engine,
      {
        sizes: [1, init ? init.w.length : p.hidden, 1],
        act: p.act,
        init: init ? netInit(init) : undefined,
        seed: p.seed,
        lr: p.lr,
      },
      XS.map((x) => [x]),
      XS.map(nielsen),
    );
  },
  // A step's time depends on the width (the activation and the start do not change the ops).
  shape: (p) => String(p.start ? 2 * p.start.heights.length : p.hidden),
};
export const { create, shape } = bumpFit;
