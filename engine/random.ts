/**
 * A small seeded random generator (mulberry32), so that a run can be replayed exactly: every
 * initializer, every shuffle and every dropout mask draws from a `Generator`. The same seed gives
 * the same numbers, bit for bit, on every machine, because only 32-bit integer math is used.
 */
export class Generator {
  private state: number;

  constructor(seed = 0) {
    this.state = seed >>> 0;
  }

  /** Restart the sequence from `seed`. */
  manualSeed(seed: number): this {
    this.state = seed >>> 0;
    return this;
  }

  /** The next 32-bit unsigned integer (mulberry32 by Tommy Ettinger). */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1) with 24 random bits: exactly representable as a float32. */
  random(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** `n` numbers uniform in [low, high). */
  uniform(n: number, low = 0, high = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = low + (high - low) * this.random();
    return out;
  }

  /** `n` numbers from N(mean, std²), by the Box–Muller transform: √(−2 ln u₁)·cos(2π u₂). */
  normal(n: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      const u1 = 1 - this.random(); // in (0, 1], so the log is finite
      const u2 = this.random();
      const r = Math.sqrt(-2 * Math.log(u1));
      out[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
      if (i + 1 < n) out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
    }
    return out;
  }

  /** 1 with probability `p`, else 0, `n` times. */
  bernoulli(n: number, p: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.random() < p ? 1 : 0;
    return out;
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}

/** The generator used when a caller passes none (like PyTorch's default generator). */
export const defaultGenerator: Generator = new Generator(0);

/** Seed the default generator: `manualSeed(42)` makes the next run repeat exactly. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
