// Webcam-like frames of a specimen document: the page placed on a desk with rotation and perspective,
// then the usual counter problems (blur, glare from ceiling lights, sensor noise, low light). Deterministic
// per seed, so quality-metric tests and benchmarks can rely on the same frames every run.
import sharp from 'sharp';
import { gaussianBlurChannels } from '../../imaging/gaussian-blur';
import { seededRandom } from './generate';

export interface WebcamVariant {
  /** Output frame size (default 1920 × 1080). */
  width?: number;
  height?: number;
  /** Document width as a share of the frame width (default 0.55). */
  scale?: number;
  /** Shift of the document centre as a share of the frame size (e.g. 0.4 pushes it half out to the right). */
  offsetX?: number;
  offsetY?: number;
  /** In-plane rotation, degrees. */
  rotationDeg?: number;
  /** 0..0.4: how much narrower the far (top) edge looks, as when the card is tilted away. */
  perspective?: number;
  /** Gaussian blur sigma in px (defocus or motion), 0 = sharp. */
  blurSigma?: number;
  /** 0..1 strength of a specular highlight on the document. */
  glare?: number;
  /** Standard deviation of sensor noise in grey levels. */
  noise?: number;
  /** Exposure factor: 1 = normal, 0.3 = dim counter. */
  light?: number;
  seed?: number;
  quality?: number;
}

export interface WebcamFrame {
  jpeg: Buffer;
  width: number;
  height: number;
  /** Document corners in the frame (top-left, top-right, bottom-right, bottom-left), px. */
  corners: [number, number][];
}

type Pt = [number, number];

/** Homography mapping the four `from` points onto `to` (direct linear transform, 8×8 solve). */
export function homography(from: Pt[], to: Pt[]): number[] {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < 8; k++) a[r]![k]! -= f * a[c]![k]!;
      b[r]! -= f * b[c]!;
    }
  }
  return [...b.map((v, i) => v / a[i]![i]!), 1];
}

export async function renderWebcamFrame(documentJpeg: Buffer, variant: WebcamVariant = {}): Promise<WebcamFrame> {
  const W = variant.width ?? 1920;
  const H = variant.height ?? 1080;
  const rnd = seededRandom(variant.seed ?? 1);
  const { data: src, info } = await sharp(documentJpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sw = info.width;
  const sh = info.height;

  // Where the document lands: centred, scaled, rotated, top edge narrowed for perspective.
  const dw = W * (variant.scale ?? 0.55);
  const dh = (dw * sh) / sw;
  const p = variant.perspective ?? 0;
  const local: Pt[] = [
    [-dw / 2 + (p * dw) / 2, -dh / 2],
    [dw / 2 - (p * dw) / 2, -dh / 2],
    [dw / 2, dh / 2],
    [-dw / 2, dh / 2],
  ];
  const t = ((variant.rotationDeg ?? 0) * Math.PI) / 180;
  const cx = W / 2 + (rnd() - 0.5) * W * 0.04 + (variant.offsetX ?? 0) * W;
  const cy = H / 2 + (rnd() - 0.5) * H * 0.04 + (variant.offsetY ?? 0) * H;
  const corners: Pt[] = local.map(([x, y]) => [cx + x * Math.cos(t) - y * Math.sin(t), cy + x * Math.sin(t) + y * Math.cos(t)]);
  const h = homography(corners, [
    [0, 0],
    [sw - 1, 0],
    [sw - 1, sh - 1],
    [0, sh - 1],
  ]);

  // Clamped arrays round and saturate (a plain Buffer would wrap 256 to 0).
  const out = new Uint8ClampedArray(W * H * 3);
  const light = variant.light ?? 1;
  const glare = variant.glare ?? 0;
  const gx = cx + dw * 0.12;
  const gy = cy - dh * 0.1;
  const grx = dw * 0.22;
  const gry = dh * 0.18;
  // Desk grain from separable row/column tables: cheap enough for 2 megapixels in JS.
  // sin(row + col) = sin(row)·cos(col) + cos(row)·sin(col): no Math.sin per pixel (it was a third of the
  // render time of a live-preview frame).
  const rowSin = new Float64Array(H);
  const rowCos = new Float64Array(H);
  for (let y = 0; y < H; y++) {
    rowSin[y] = Math.sin(y * 0.05);
    rowCos[y] = Math.cos(y * 0.05);
  }
  const colSin = new Float64Array(W);
  const colCos = new Float64Array(W);
  const colFine = new Float32Array(W);
  for (let x = 0; x < W; x++) {
    const warp = Math.sin(x * 0.004) * 6;
    colSin[x] = Math.sin(warp);
    colCos[x] = Math.cos(warp);
    colFine[x] = 6 * Math.sin(x * 0.9);
  }
  const [h0, h1, h2, h3, h4, h5, h6, h7] = h as [number, number, number, number, number, number, number, number];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      const d = h6 * x + h7 * y + 1;
      const u = (h0 * x + h1 * y + h2) / d;
      const v = (h3 * x + h4 * y + h5) / d;
      let r: number;
      let g: number;
      let b: number;
      if (u >= 0 && v >= 0 && u < sw - 1 && v < sh - 1) {
        // Bilinear sample of the document.
        const x0 = u | 0;
        const y0 = v | 0;
        const fx = u - x0;
        const fy = v - y0;
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        const i00 = (y0 * sw + x0) * 3;
        const i01 = i00 + sw * 3;
        r = src[i00]! * w00 + src[i00 + 3]! * w10 + src[i01]! * w01 + src[i01 + 3]! * w11;
        g = src[i00 + 1]! * w00 + src[i00 + 4]! * w10 + src[i01 + 1]! * w01 + src[i01 + 4]! * w11;
        b = src[i00 + 2]! * w00 + src[i00 + 5]! * w10 + src[i01 + 2]! * w01 + src[i01 + 5]! * w11;
      } else {
        // A dark wooden desk: low-contrast grain so the card edge stands out as it does on a real counter.
        const grain = 12 * (rowSin[y]! * colCos[x]! + rowCos[y]! * colSin[x]!) + colFine[x]!;
        r = 96 + grain;
        g = 70 + grain * 0.8;
        b = 52 + grain * 0.6;
      }
      if (light !== 1) {
        r *= light;
        g *= light;
        b *= light;
      }
      if (glare > 0) {
        const e = ((x - gx) / grx) ** 2 + ((y - gy) / gry) ** 2;
        if (e < 4) {
          const k = Math.min(1, glare * 1.6 * Math.exp(-e * 1.2));
          r += (255 - r) * k;
          g += (255 - g) * k;
          b += (255 - b) * k;
        }
      }
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
  }

  // Our blur, not sharp's: libvips' integer blur() gives other pixels on a CPU without the vector
  // instructions it looks for, and a training frame must be the same page on every machine.
  const blurSigma = variant.blurSigma ?? 0;
  const pixels = blurSigma >= 0.3 ? new Uint8ClampedArray(gaussianBlurChannels(new Uint8Array(out.buffer), W, H, 3, blurSigma).buffer) : out;
  const noise = variant.noise ?? 0;
  if (noise > 0) {
    // A table of Gaussian-ish samples (sum of uniforms) indexed by a xorshift stream: same statistics as
    // drawing per pixel, several times faster over 6 million channel values.
    const table = new Float32Array(65536);
    for (let i = 0; i < table.length; i++) table[i] = (rnd() + rnd() + rnd() - 1.5) * 2 * noise;
    let state = (Math.floor(rnd() * 0xffffffff) | 1) >>> 0;
    for (let i = 0; i < pixels.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      pixels[i] = pixels[i]! + table[state & 0xffff]!;
    }
  }
  const jpeg = await sharp(Buffer.from(pixels.buffer), { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: variant.quality ?? 85 })
    .toBuffer();
  return { jpeg, width: W, height: H, corners };
}
