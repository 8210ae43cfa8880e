// A seeded uniform generator in [0, 1) (a 32-bit linear congruential one) for drawn test images: the
// same pixels on every run and machine, and no dependency for something this small.
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A w × h grey image whose pixel at (x, y) is `pixel(x, y, rnd)`, drawn row by row with one seeded generator. */
export function drawnGrey(w: number, h: number, seed: number, pixel: (x: number, y: number, rnd: () => number) => number): Uint8Array {
  const rnd = seededRandom(seed);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = pixel(x, y, rnd);
  return data;
}
