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
  // The state lives in a typed array, not in closure variables: a closure variable holding a 32-bit
  // integer is a heap-allocated number in V8 (small integers are 31 bits), so every draw allocated
  // four of them; this way a draw allocates nothing and takes a third of the time. Same numbers:
  // int32 words with the same bits, additions taken mod 2^32 by `| 0`.
  const state = new Int32Array(4);
  for (let i = 0; i < 4; i++) state[i] = split();
  const nextU32 = (): number => {
    const a = state[0], b = state[1], c = state[2], d = state[3];
    const t = (a + b + d) | 0;
    state[3] = (d + 1) | 0;
    state[0] = b ^ (b >>> 9);
    state[1] = (c + (c << 3)) | 0;
    state[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextU32(); // discard the first outputs, as sfc32's author advises
  const spare = Float64Array.of(NaN); // the Box-Muller spare, in a typed array for the same reason
  const next = (): number => nextU32() / 4294967296;
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    normal: () => {
      const v0 = spare[0];
      if (v0 === v0) {
        spare[0] = NaN;
        return v0;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare[0] = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}
