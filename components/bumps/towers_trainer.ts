/**
 * Towers' training as a runtime trainer: the hand-built tower network 2 → 4G → G² → 1 (sigmoids;
 * math.ts's towerLayers) with every weight trained by full-batch MSE and Adam on a SAMPLES×SAMPLES
 * grid of the target surface. A snapshot is the loss and the weights in plain numbers; the island
 * draws the heat map from them.
 */
import type { TrainerModule } from "../runtime/trainer.ts";
import { TOWER_SAMPLES, towerLayers, towerTarget } from "./math.ts";
import { type MlpSnapshot, MlpTrainer } from "./train.ts";

export interface TowersTrainerProps {
  /** Towers per side (G). */
  grid: number;
  /** Tower heights, row-major from the bottom row (G² of them). */
  heights: number[];
  /** The first layer's steepness w. */
  steepness: number;
  lr: number;
}

/** Samples per side of the training grid. */
const SAMPLES = TOWER_SAMPLES;

/** The training samples: cell centres of a SAMPLES×SAMPLES grid of [0, 1]², row by row from y = 0. */
export function towerSamples(): { inputs: number[][]; targets: number[] } {
  const inputs: number[][] = [];
  const targets: number[] = [];
  for (let j = 0; j < SAMPLES; j++) {
    for (let i = 0; i < SAMPLES; i++) {
      const x = (i + 0.5) / SAMPLES, y = (j + 0.5) / SAMPLES;
      inputs.push([x, y]);
      targets.push(towerTarget(x, y));
    }
  }
  return { inputs, targets };
}

const towers: TrainerModule<TowersTrainerProps, MlpSnapshot> = {
  create(engine, p) {
    const g = p.grid;
    if (!Number.isInteger(g) || g < 1 || p.heights.length !== g * g) {
      throw new Error(`towers: ${p.heights.length} heights for a ${g}×${g} grid`);
    }
    const { inputs, targets } = towerSamples();
    return new MlpTrainer(
      engine,
      {
        sizes: [2, 4 * g, g * g, 1],
        act: "sigmoid",
        init: towerLayers(p.heights, g, p.steepness),
        seed: 1,
        lr: p.lr,
      },
      inputs,
      targets,
    );
  },
  shape: (p) => String(p.grid),
};
export const { create, shape } = towers;
