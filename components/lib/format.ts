/** Number formatting for readouts: fixed decimals and a real minus sign (U+2212). */
export function fmt(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "∞" : "−∞";
  const text = value.toFixed(digits);
  // "-0.00" reads as zero.
  if (/^-0\.?0*$/.test(text)) return text.slice(1);
  return text.replace(/^-/, "−");
}

/** A loss or other positive quantity over a wide range: 4 significant digits. */
export function fmtLoss(value: number): string {
  if (!Number.isFinite(value)) return fmt(value);
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) {
    return value.toExponential(2).replace("-", "−");
  }
  return value.toPrecision(4);
}

/** "y = 2.15x − 0.30", not "y = 2.15x + −0.30", from the slope and intercept as formatted. */
export function lineEquation(a: string, b: string): string {
  return /^[-\u2212]/.test(b) ? `y = ${a}x \u2212 ${b.slice(1)}` : `y = ${a}x + ${b}`;
}

/** A message for the reader from anything that was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
