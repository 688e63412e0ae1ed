/**
 * SGD, momentum, RMSProp and Adam from the same start on a 2-D loss (a narrow valley, Rosenbrock,
 * a saddle), drawn again whenever a setting moves. The paths are the engine's optimizers
 * stepping in the runtime's worker (`call("paths")` on components/training/optim_trainer.ts), so
 * the main thread only paints; while one request runs, moves of a slider wait, and only the
 * latest is computed next. The table gives each optimizer's steps to the tolerance; the figure
 * publishes them in its store for the lesson's exercise.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { logScale, Slider, type SliderScale } from "../lib/Controls.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { MAP_PX, paintSurface, PATH_COLORS, pathPoints, toMap } from "../training/optim_draw.ts";
import {
  BOUNDS,
  DEFAULTS,
  MAX_STEPS,
  type OptimizerName,
  OPTIMIZERS,
  type OptimSettings,
  type Path,
  SURFACE,
  type Surface,
  SURFACES,
} from "../training/optim_paths.ts";
import { optimPathsState } from "../training/optim_store.ts";
import { OPTIM_PATHS } from "../training/optim_text.ts";

export interface OptimizerPathsProps {
  surface?: string;
  lang?: string;
}

const URL_SCHEMA = {
  s: { values: SURFACES },
  lr: { min: BOUNDS.lr[0], max: BOUNDS.lr[1] },
  la: { min: BOUNDS.lrAdaptive[0], max: BOUNDS.lrAdaptive[1] },
  b: { min: BOUNDS.beta[0], max: BOUNDS.beta[1] },
  b2: { min: BOUNDS.beta2[0], max: BOUNDS.beta2[1] },
};
const PROPS = {};

type Request = { surface: Surface; settings: OptimSettings };
const keyOf = (r: Request) => JSON.stringify(r);
const urlOf = (s: Surface) => {
  const d = DEFAULTS[s];
  return { s, lr: d.lr, la: d.lrAdaptive, b: d.beta, b2: d.beta2 };
};
const round3 = (v: number) => Number(v.toPrecision(3));
const LOG_SCALE = logScale(round3);
const B2_SCALE: SliderScale = {
  toTrack: (b2) => -Math.log10(1 - b2),
  fromTrack: (u) => Number((1 - 10 ** -u).toFixed(4)),
};
/** TOLERANCE (10⁻³) as the table writes it. */
const tolText = "10⁻³";

export default function OptimizerPaths(props: OptimizerPathsProps) {
  const t = textFor(OPTIM_PATHS, props.lang);
  const first = SURFACES.includes(props.surface as Surface) ? props.surface as Surface : "valley";
  const [state, update, restored] = useUrlState("op", urlOf(first), URL_SCHEMA);
  const surface = state.s as Surface;
  const req: Request = {
    surface,
    settings: { lr: state.lr, lrAdaptive: state.la, beta: state.b, beta2: state.b2 },
  };
  const key = keyOf(req);
  const trainer = useTrainer("optim-paths", PROPS);
  const [shown, setShown] = useState<{ key: string; req: Request; paths: Record<string, Path> }>();
  const [error, setError] = useState("");
  const canvas = useRef<HTMLCanvasElement>(null);
  const wanted = useRef<Request | null>(null);
  const busy = useRef(false);

  /** Computes the latest request; requests made meanwhile replace each other. */
  async function pump() {
    if (busy.current) return;
    busy.current = true;
    while (wanted.current) {
      const r = wanted.current;
      wanted.current = null;
      try {
        const paths = await trainer.call("paths", r);
        setShown({ key: keyOf(r), req: r, paths });
        setError("");
        const arrived = Object.fromEntries(
          OPTIMIZERS.map((o) => [o, paths[o].arrived]),
        ) as Record<OptimizerName, number | null>;
        optimPathsState.value = { surface: r.surface, settings: r.settings, arrived };
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    }
    busy.current = false;
  }

  useEffect(() => {
    if (!restored) return;
    wanted.current = req;
    void pump();
  }, [restored, key]);

  useEffect(() => {
    let alive = true;
    if (canvas.current) void paintSurface(canvas.current, surface, () => alive);
    return () => {
      alive = false;
    };
  }, [surface]);

  const ready = shown?.key === key;
  const paths = shown && shown.req.surface === surface ? shown.paths : null;
  const def = SURFACE[surface];
  const slider = (
    label: string,
    value: number,
    [lo, hi]: [number, number],
    log: boolean,
    set: (v: number) => void,
    name: string,
  ) => (
    <Slider
      label={label}
      name={name}
      value={value}
      min={log ? Math.log10(lo) : lo}
      max={log ? Math.log10(hi) : hi}
      step={log ? 0.02 : 0.01}
      scale={log ? LOG_SCALE : undefined}
      format={String}
      onInput={(v) => set(round3(v))}
    />
  );
  // β₂ moves on −log₁₀(1 − β₂): 0.9, 0.99 and 0.999 are evenly spaced.
  const b2Slider = (
    <Slider
      label={t.beta2}
      name="beta2"
      value={state.b2}
      min={-Math.log10(1 - BOUNDS.beta2[0])}
      max={-Math.log10(1 - BOUNDS.beta2[1])}
      step={0.05}
      scale={B2_SCALE}
      format={String}
      onInput={(b2) => update({ b2 })}
    />
  );

  const stepsText = (p: Path | undefined) =>
    !p
      ? "…"
      : p.arrived !== null
      ? String(p.arrived)
      : p.x.length < MAX_STEPS + 1
      ? t.diverged
      : t.never(MAX_STEPS);
  const ends = paths
    ? OPTIMIZERS.map((o) => {
      const p = paths[o];
      return t.pathEnd(t.names[o], stepsText(p), fmt(p.x.at(-1)!, 2), fmt(p.y.at(-1)!, 2));
    }).join(" ")
    : t.computing;
  // The polylines change with the paths only, not on every move of a slider.
  const lines = useMemo(
    () =>
      paths ? OPTIMIZERS.map((o) => [o, pathPoints(surface, paths[o].x, paths[o].y)] as const) : [],
    [paths],
  );
  const [sx, sy] = toMap(surface, ...def.start);

  return (
    <figure
      class="optim-island optim-paths"
      {...trainerHooks(trainer, {
        surface,
        ready,
        arrived: paths
          ? JSON.stringify(Object.fromEntries(OPTIMIZERS.map((o) => [o, paths[o].arrived])))
          : "",
        key: shown?.key,
      })}
    >
      <figcaption class="optim-title">{t.title}</figcaption>
      <div class="optim-controls">
        <div class="optim-buttons" role="group" aria-label={t.surface}>
          {SURFACES.map((s) => (
            <button
              type="button"
              key={s}
              data-surface={s}
              aria-pressed={s === surface ? "true" : "false"}
              onClick={() => update(urlOf(s))}
            >
              {t.surfaces[s]}
            </button>
          ))}
        </div>
        {slider(t.lr, state.lr, BOUNDS.lr, true, (lr) => update({ lr }), "lr")}
        {slider(t.lrAdaptive, state.la, BOUNDS.lrAdaptive, true, (la) => update({ la }), "la")}
        {slider(t.beta, state.b, BOUNDS.beta, false, (b) => update({ b }), "beta")}
        {b2Slider}
        <button type="button" data-action="defaults" onClick={() => update(urlOf(surface))}>
          {t.defaults}
        </button>
      </div>
      <div class="optim-body">
        <div class="optim-map">
          <canvas
            ref={canvas}
            width={MAP_PX}
            height={MAP_PX}
            role="img"
            aria-label={t.mapLabel(t.surfaces[surface], ends)}
          />
          <svg viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
            {def.minima.map(([x, y], i) => {
              const [mx, my] = toMap(surface, x, y);
              return (
                <g class="optim-min" key={i}>
                  <line x1={mx - 2} x2={mx + 2} y1={my - 2} y2={my + 2} />
                  <line x1={mx - 2} x2={mx + 2} y1={my + 2} y2={my - 2} />
                </g>
              );
            })}
            {lines.map(([o, points]) => (
              <polyline
                key={o}
                class="optim-path"
                data-optimizer={o}
                stroke={PATH_COLORS[o]}
                points={points}
              />
            ))}
            <circle class="optim-start" cx={sx} cy={sy} r={1.8} />
          </svg>
          {!ready && <p class="optim-wait" aria-hidden="true">{t.computing}</p>}
        </div>
        <table class="optim-table">
          <thead>
            <tr>
              <th scope="col">{t.optimizer}</th>
              <th scope="col">{t.stepsTo(tolText)}</th>
              <th scope="col">{t.lowestLoss}</th>
            </tr>
          </thead>
          <tbody>
            {OPTIMIZERS.map((o) => {
              const p = paths?.[o];
              return (
                <tr key={o} data-optimizer={o}>
                  <th scope="row">
                    <span class="optim-swatch" style={{ background: PATH_COLORS[o] }} />
                    {t.names[o]}
                  </th>
                  <td data-steps-to={p?.arrived ?? ""}>{stepsText(p)}</td>
                  <td>{p ? fmtLoss(Math.min(...p.loss)) : "…"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="optim-status" role="status">{error || trainer.error || ""}</p>
      <BackendBadge report={trainer.backend} fallback={trainer.fallback} lang={props.lang} />
    </figure>
  );
}
