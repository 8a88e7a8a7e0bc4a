/**
 * Seeded pseudo-random numbers. Every random choice in the engine goes through one of
 * these, created from an explicit seed, so the same inputs give the same numbers.
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG): 128 bits of
 * state, passes PractRand, and is fast in JavaScript's 32-bit integer arithmetic.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform integer on [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller, one value per call; the spare is cached). */
  normal(): number;
}

/**
 * A generator seeded by `seed` (an integer; the fraction is dropped): the same seed gives the same
 * sequence on every platform. Throws when the seed is not finite.
 * @example createRng(7).next() === createRng(7).next() // => true
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng requires a finite seed, got ${seed}`);
  // splitmix32 expands the seed into four well-mixed state words.
  let s = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32(); // discard the first outputs, as sfc32's author advises
  let spare = NaN;
  const next = (): number => nextU32() / 4294967296;
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    normal: () => {
      if (spare === spare) {
        const v = spare;
        spare = NaN;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}
