/**
 * One canvas of channel tiles (tiles.ts), scaled up by CSS without smoothing. Redrawn only when
 * its values, scale or layout change. The caller gives the text alternative.
 */
import { useEffect, useRef } from "preact/hooks";
import { type TileLayout, tilesRgba, tilesSize } from "./tiles.ts";

export interface TilesProps {
  values: ArrayLike<number>;
  layout: TileLayout;
  scale: number;
  signed?: boolean;
  class?: string;
  label: string;
}

export default function Tiles(props: TilesProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { width, height } = tilesSize(props.layout);
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    if (!ctx) return;
    const rgba = tilesRgba(props.values, props.layout, props.scale, props.signed ?? false);
    ctx.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [props.values, props.scale, props.signed, width, height]);
  return (
    <canvas
      ref={ref}
      class={`conv-tiles ${props.class ?? ""}`}
      width={width}
      height={height}
      role="img"
      aria-label={props.label}
    />
  );
}
