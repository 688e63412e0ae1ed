/**
 * How cells print values: tensors like PyTorch's repr (shape-aware nesting, aligned columns,
 * 4 decimals, `...` past 1,000 elements, `requiresGrad=true` when set), numbers without float
 * noise, arrays and objects compactly.
 */

export interface TensorLikeValue {
  shape: number[];
  dtype: string;
  requiresGrad?: boolean;
  dataSync(): ArrayLike<number>;
}

const EDGE = 3;
const SUMMARIZE_OVER = 1000;

export function isTensorValue(v: unknown): v is TensorLikeValue {
  return typeof v === "object" && v !== null && "shape" in v && "dataSync" in v &&
    typeof (v as TensorLikeValue).dataSync === "function" &&
    Array.isArray((v as TensorLikeValue).shape);
}

/** A number as PyTorch prints it: integers of a float tensor end in ".", others 4 decimals. */
function formatter(values: ArrayLike<number>, isInt: boolean): (v: number) => string {
  if (isInt) return (v) => String(v);
  let allInt = true, maxAbs = 0, minAbs = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v !== Math.round(v)) allInt = false;
    maxAbs = Math.max(maxAbs, Math.abs(v));
    if (v !== 0) minAbs = Math.min(minAbs, Math.abs(v));
  }
  const special = (v: number) => Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  if (allInt && maxAbs < 1e8) return (v) => Number.isFinite(v) ? `${v}.` : special(v);
  const sci = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs > 0) || maxAbs / minAbs > 1e3 * 1e3;
  return (v) =>
    !Number.isFinite(v) ? special(v) : sci ? v.toExponential(4).replace("e", "e") : v.toFixed(4);
}

export function formatTensor(t: TensorLikeValue): string {
  const values = t.dataSync();
  const shape = t.shape;
  const isInt = t.dtype === "int32" || t.dtype === "bool";
  const fmt = formatter(values, isInt);
  const summarize = values.length > SUMMARIZE_OVER;
  const suffix = t.requiresGrad ? ", requiresGrad=true" : "";
  if (shape.length === 0) return `tensor(${fmt(values[0])}${suffix})`;
  // Width of the widest printed number, so columns line up.
  let width = 0;
  for (let i = 0; i < values.length; i++) width = Math.max(width, fmt(values[i]).length);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const indent = "tensor(".length;
  const render = (dim: number, offset: number): string => {
    const n = shape[dim];
    const idx = summarize && n > 2 * EDGE
      ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, k) => n - EDGE + k)]
      : [...Array(n).keys()];
    if (dim === shape.length - 1) {
      return "[" + idx.map((i) => i < 0 ? "..." : fmt(values[offset + i]).padStart(width))
        .join(", ") +
        "]";
    }
    const pad = " ".repeat(indent + dim + 1);
    const sep = "," + "\n".repeat(shape.length - dim - 1) + pad;
    return "[" +
      idx.map((i) => i < 0 ? "..." : render(dim + 1, offset + i * strides[dim])).join(sep) + "]";
  };
  return `tensor(${render(0, 0)}${suffix})`;
}

/** A number without float noise: 0.30000000000000004 → 0.3. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

/** Any value as a cell prints it. */
export function formatValue(v: unknown, depth = 0): string {
  if (typeof v === "string") return depth === 0 ? v : JSON.stringify(v);
  if (typeof v === "number") return formatNumber(v);
  if (v === null || v === undefined || typeof v !== "object") {
    return typeof v === "function"
      ? `[function ${(v as { name: string }).name || "anonymous"}]`
      : String(v);
  }
  if (isTensorValue(v)) return formatTensor(v);
  if (isModule(v)) return formatModule(v);
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (depth > 3) return "…";
  if (ArrayBuffer.isView(v)) {
    const a = Array.from(v as unknown as ArrayLike<number>);
    const shown = a.slice(0, 20).map(formatNumber).join(", ");
    return `${v.constructor.name}(${a.length}) [${shown}${a.length > 20 ? ", …" : ""}]`;
  }
  if (Array.isArray(v)) {
    const items = v.slice(0, 50).map((x) => formatValue(x, depth + 1));
    return `[${items.join(", ")}${v.length > 50 ? `, … ${v.length - 50} more` : ""}]`;
  }
  const name = v.constructor && v.constructor !== Object ? `${v.constructor.name} ` : "";
  const entries = Object.entries(v).slice(0, 20)
    .map(([k, x]) => `${k}: ${formatValue(x, depth + 1)}`);
  return `${name}{ ${entries.join(", ")} }`;
}

interface ModuleLike {
  /** The module's name that survives minification (engine/nn.ts's `Module.typeName`). */
  typeName?: string;
  namedParameters(): [string, { shape: number[] }][];
  forward: unknown;
  layers?: unknown[];
}

function isModule(v: object): v is ModuleLike {
  return typeof (v as ModuleLike).namedParameters === "function" &&
    typeof (v as ModuleLike).forward === "function";
}

/** A module as PyTorch prints one: `Sequential` lists its layers, a layer its parameter shapes. */
export function formatModule(m: ModuleLike, indent = ""): string {
  const name = m.typeName ?? m.constructor.name;
  if (Array.isArray(m.layers)) {
    const inner = m.layers.map((layer, i) =>
      `${indent}  (${i}): ${
        isModule(layer as object) ? formatModule(layer as ModuleLike, indent + "  ") : String(layer)
      }`
    );
    return `${name}(\n${inner.join("\n")}\n${indent})`;
  }
  const params = m.namedParameters().map(([k, p]) => `${k}: [${p.shape.join(", ")}]`);
  return `${name}(${params.join(", ")})`;
}
