/**
 * The model an island of lesson 4 works with, from components/mnist/store.ts: the last finished
 * or loaded one (`trainedModel`), or, with `live`, also the weights of the run MnistTrainer is
 * training, as they come (`trainingModel`) — whichever changed last.
 *
 * Null on the first render even when a model was published before the island hydrated:
 * hydration must render exactly what the server did (Preact does not patch attributes while
 * hydrating, so a data-model set then would never reach the DOM). The effect then takes the
 * stores' current value and follows later changes.
 */
import { useEffect, useState } from "preact/hooks";
import { type PublishedModel, trainedModel, trainingModel } from "./store.ts";

export function usePublishedModel(opts: { live?: boolean } = {}): PublishedModel | null {
  const [model, setModel] = useState<PublishedModel | null>(null);
  useEffect(() => {
    setModel((opts.live ? trainingModel.value : null) ?? trainedModel.value);
    const off = trainedModel.subscribe(setModel);
    // A run that ends clears `trainingModel` after publishing its final weights (or fails):
    // back to the finished model.
    const offLive = opts.live
      ? trainingModel.subscribe((m) => setModel(m ?? trainedModel.value))
      : () => {};
    return () => {
      off();
      offLive();
    };
  }, []);
  return model;
}
