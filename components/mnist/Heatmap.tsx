/**
 * A small image of numbers on a canvas, scaled up by CSS without smoothing: signed values on the
 * diverging colour map (zero neutral, one shared scale: inside_view.ts), or non-negative values
 * (activations, pixels) in grey from black (0) to white (`scale`). The caller gives the text
 * alternative.
 */
import { useEffect, useRef } from "preact/hooks";
import { divergingRgba } from "./inside_view.ts";

export interface HeatmapProps {
  values: ArrayLike<number> | null;
  width: number;
  height: number;
  /** The value drawn at full colour (signed: ±scale). */
  scale: number;
  signed?: boolean;
  /** Text alternative; without one the picture is decorative (its parent names it). */
  label?: string;
  class?: string;
  /** Read every `stride`-th value from `offset` (one channel of an HWC map). */
  stride?: number;
  offset?: number;
}

export default function Heatmap(props: HeatmapProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { width, height, scale } = props;
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    if (!ctx) return;
    const image = ctx.createImageData(width, height);
    const n = width * height;
    const values = props.values;
    if (values) {
      const stride = props.stride ?? 1, offset = props.offset ?? 0;
      const picked = new Float32Array(n);
      for (let i = 0; i < n; i++) picked[i] = values[offset + i * stride];
      if (props.signed) divergingRgba(picked, scale, image.data);
      else {
        for (let i = 0; i < n; i++) {
          const v = scale > 0 ? Math.round(255 * Math.max(0, Math.min(1, picked[i] / scale))) : 0;
          image.data.set([v, v, v, 255], 4 * i);
        }
      }
    }
    ctx.putImageData(image, 0, 0);
  }, [props.values, scale, props.signed, props.offset, props.stride, width, height]);
  return (
    <canvas
      ref={ref}
      class={`heatmap ${props.class ?? ""}`}
      width={width}
      height={height}
      {...(props.label ? { role: "img", "aria-label": props.label } : { "aria-hidden": "true" })}
    />
  );
}
