// A seeded uniform generator in [0, 1) (a 32-bit linear congruential one) for drawn test images: the
// same pixels on every run and machine, and no dependency for something this small.
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
