/**
 * The model the runtime times to choose the notebook's backend: one training step of an MLP of
 * the lesson's size (784-128-10 with batches of 32 for MNIST; a few units for the small lessons),
 * on random data. The notebook runs arbitrary code, so it cannot time "the" model as an island
 * does; a representative step of the lesson's own scale is the next best thing.
 */
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import type { ProbeProps } from "../runtime/protocol.ts";

export function create(e: Engine, props: ProbeProps): Trainer<null> {
  const { sizes, batch } = props;
  const layers = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new e.nn.Linear(sizes[i], sizes[i + 1]));
    if (i + 2 < sizes.length) layers.push(new e.nn.ReLU());
  }
  const model = new e.nn.Sequential(...layers);
  const optimizer = new e.optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = e.randn([batch, sizes[0]]);
  const y = e.randn([batch, sizes[sizes.length - 1]]);
  return {
    model,
    optimizer,
    step() {
      const loss = e.F.mseLoss(model.forward(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      loss.dispose();
    },
    snapshot: () => Promise.resolve(null),
    dispose() {
      x.dispose();
      y.dispose();
      for (const p of model.parameters()) p.dispose();
    },
  };
}

export const shape = (props: ProbeProps) => `${props.sizes.join("-")}/${props.batch}`;

export default { create, shape } satisfies TrainerModule<ProbeProps, null>;

/** The probe for a lesson: MNIST's MLP for lesson 4, a few units for the small lessons. */
export function probeFor(lesson: string): ProbeProps {
  return lesson === "mnist"
    ? { sizes: [784, 128, 10], batch: 32 }
    : { sizes: [2, 16, 1], batch: 64 };
}
