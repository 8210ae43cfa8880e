// A specimen card on a cluttered counter, made synthetically for the card-edge benchmark: the webcam-like frame
// from renderWebcamFrame (which knows the true corners) is kept inside the card's outline, and everything
// outside it is replaced by clutter: papers, a keyboard-like block, pens, printed text and wood grain, some
// of it running right up to and under the card's edges.
import sharp from 'sharp';
import { renderWebcamFrame, type WebcamFrame, type WebcamVariant } from '../../main/capture/specimen/webcam';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function clutterBackground(w: number, h: number, seed: number): Promise<Buffer> {
  const r = rng(seed);
  const pick = <T,>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const colours = ['#f4f1e8', '#e9e4d4', '#ffffff', '#2b2b2b', '#3b5b8c', '#b23a3a', '#d9c27a', '#6d8f5e', '#8a8a8a', '#c9b8a0'];
  const shapes: string[] = [];
  // Wood-grain desk.
  shapes.push(`<rect width="${w}" height="${h}" fill="#7a5a3c"/>`);
  for (let i = 0; i < 40; i++) shapes.push(`<path d="M0 ${r() * h} Q ${w / 2} ${r() * h} ${w} ${r() * h}" stroke="#5e4329" stroke-width="${1 + r() * 4}" fill="none" opacity="0.6"/>`);
  // Papers, folders, a keyboard: rotated rectangles of every size, many overlapping the card's place.
  for (let i = 0; i < 14; i++) {
    const rw = w * (0.15 + r() * 0.35);
    const rh = h * (0.1 + r() * 0.4);
    const x = r() * w - rw / 3;
    const y = r() * h - rh / 3;
    const fill = pick(colours);
    shapes.push(`<g transform="rotate(${(r() - 0.5) * 50} ${x + rw / 2} ${y + rh / 2})"><rect x="${x}" y="${y}" width="${rw}" height="${rh}" fill="${fill}" stroke="#222" stroke-width="${r() * 3}"/>`);
    if (r() < 0.6) for (let l = 0; l < 8; l++) shapes.push(`<text x="${x + 10}" y="${y + 30 + l * 26}" font-family="DejaVu Sans" font-size="20" fill="#333">Lorem ipsum ${Math.floor(r() * 1e6)} dolor</text>`);
    shapes.push('</g>');
  }
  // Pens and cables.
  for (let i = 0; i < 8; i++) shapes.push(`<line x1="${r() * w}" y1="${r() * h}" x2="${r() * w}" y2="${r() * h}" stroke="${pick(colours)}" stroke-width="${4 + r() * 12}" stroke-linecap="round"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${shapes.join('')}</svg>`;
  return sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();
}

/** Is (x, y) inside the convex quadrilateral q (corners in order)? */
function inside(q: [number, number][], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = q[i]!;
    const [bx, by] = q[(i + 1) % 4]!;
    const c = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (c !== 0) {
      if (sign === 0) sign = Math.sign(c);
      else if (Math.sign(c) !== sign) return false;
    }
  }
  return true;
}

export async function renderClutteredFrame(documentJpeg: Buffer, variant: WebcamVariant & { clutterSeed?: number } = {}): Promise<WebcamFrame> {
  const frame = await renderWebcamFrame(documentJpeg, variant);
  const { width: w, height: h } = frame;
  const card = await sharp(frame.jpeg).removeAlpha().raw().toBuffer();
  const bg = await clutterBackground(w, h, variant.clutterSeed ?? variant.seed ?? 1);
  const out = Buffer.from(bg);
  const light = variant.light ?? 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      if (inside(frame.corners, x + 0.5, y + 0.5)) {
        out[i] = card[i]!;
        out[i + 1] = card[i + 1]!;
        out[i + 2] = card[i + 2]!;
      } else if (light !== 1) {
        for (let c = 0; c < 3; c++) out[i + c] = Math.min(255, bg[i + c]! * light);
      }
    }
  }
  // A little blur so the pasted edge is as soft as the rest of the picture, then the camera's JPEG.
  const jpeg = await sharp(out, { raw: { width: w, height: h, channels: 3 } }).blur(0.6).jpeg({ quality: variant.quality ?? 85 }).toBuffer();
  return { ...frame, jpeg };
}
