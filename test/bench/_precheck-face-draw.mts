import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
const require = createRequire('/work/main/package.json');
const humanDir = path.resolve(path.dirname(require.resolve('@vladmandic/human')), '..');
const realFetch = globalThis.fetch;
globalThis.fetch = (async (input: any, init?: any) => {
  const url = typeof input === 'string' ? input : input.url ?? String(input);
  if (url.startsWith('file://')) return new Response(await readFile(new URL(url)), { status: 200 });
  return realFetch(input, init);
}) as typeof fetch;
const H = require(path.join(humanDir, 'dist/human.node-wasm.js'));
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
const human = new H.Human({
  backend: 'wasm', wasmPath: wasmDir, modelBasePath: 'file://' + path.join(humanDir, 'models') + '/', debug: false, cacheSensitivity: 0,
  face: { enabled: true, detector: { enabled: true, rotation: false, maxDetected: 5, minConfidence: 0.1, return: false }, mesh: { enabled: false }, iris: { enabled: false }, description: { enabled: false }, emotion: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false }, attention: {enabled:false} },
  body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false }, segmentation: { enabled: false }, filter: { enabled: false },
});
await human.load();
async function detect(name: string, jpeg: Buffer) {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const tensor = human.tf.tensor3d(new Int32Array(data), [info.height, info.width, 3], 'int32');
  const r = await human.detect(tensor);
  human.tf.dispose(tensor);
  console.log(name, r.face.map((f: any) => ({ score: f.score.toFixed(2), box: f.boxRaw.map((x: number) => x.toFixed(2)).join(',') })));
}
function face(cx: number, cy: number, s: number, tone: string, shade: string): string {
  // s = face width
  const h = s * 1.3;
  return `
  <defs>
    <radialGradient id="skin" cx="50%" cy="40%" r="60%"><stop offset="0%" stop-color="${tone}"/><stop offset="100%" stop-color="${shade}"/></radialGradient>
    <linearGradient id="nose" x1="0" x2="1"><stop offset="0%" stop-color="${shade}" stop-opacity="0.0"/><stop offset="100%" stop-color="${shade}" stop-opacity="0.9"/></linearGradient>
    <filter id="soft"><feGaussianBlur stdDeviation="${s * 0.012}"/></filter>
  </defs>
  <ellipse cx="${cx}" cy="${cy + h * 0.95}" rx="${s * 1.1}" ry="${h * 0.45}" fill="#3d4f63"/>
  <rect x="${cx - s * 0.22}" y="${cy + h * 0.3}" width="${s * 0.44}" height="${h * 0.45}" fill="${shade}"/>
  <ellipse cx="${cx - s * 0.5}" cy="${cy + h * 0.02}" rx="${s * 0.08}" ry="${h * 0.1}" fill="${shade}"/>
  <ellipse cx="${cx + s * 0.5}" cy="${cy + h * 0.02}" rx="${s * 0.08}" ry="${h * 0.1}" fill="${shade}"/>
  <ellipse cx="${cx}" cy="${cy}" rx="${s * 0.5}" ry="${h * 0.5}" fill="url(#skin)"/>
  <path d="M ${cx - s * 0.52} ${cy - h * 0.05} Q ${cx - s * 0.55} ${cy - h * 0.62} ${cx} ${cy - h * 0.58} Q ${cx + s * 0.55} ${cy - h * 0.62} ${cx + s * 0.52} ${cy - h * 0.05} Q ${cx + s * 0.45} ${cy - h * 0.35} ${cx} ${cy - h * 0.36} Q ${cx - s * 0.45} ${cy - h * 0.35} ${cx - s * 0.52} ${cy - h * 0.05} Z" fill="#3b2a20"/>
  <g filter="url(#soft)">
    <path d="M ${cx - s * 0.33} ${cy - h * 0.13} Q ${cx - s * 0.2} ${cy - h * 0.19} ${cx - s * 0.07} ${cy - h * 0.13}" stroke="#3b2a20" stroke-width="${s * 0.04}" fill="none"/>
    <path d="M ${cx + s * 0.07} ${cy - h * 0.13} Q ${cx + s * 0.2} ${cy - h * 0.19} ${cx + s * 0.33} ${cy - h * 0.13}" stroke="#3b2a20" stroke-width="${s * 0.04}" fill="none"/>
    <ellipse cx="${cx - s * 0.2}" cy="${cy - h * 0.04}" rx="${s * 0.1}" ry="${h * 0.035}" fill="#fff"/>
    <ellipse cx="${cx + s * 0.2}" cy="${cy - h * 0.04}" rx="${s * 0.1}" ry="${h * 0.035}" fill="#fff"/>
    <circle cx="${cx - s * 0.2}" cy="${cy - h * 0.04}" r="${s * 0.045}" fill="#4a3222"/>
    <circle cx="${cx + s * 0.2}" cy="${cy - h * 0.04}" r="${s * 0.045}" fill="#4a3222"/>
    <circle cx="${cx - s * 0.2}" cy="${cy - h * 0.04}" r="${s * 0.02}" fill="#000"/>
    <circle cx="${cx + s * 0.2}" cy="${cy - h * 0.04}" r="${s * 0.02}" fill="#000"/>
    <path d="M ${cx} ${cy - h * 0.02} L ${cx + s * 0.07} ${cy + h * 0.14} L ${cx - s * 0.06} ${cy + h * 0.15} Z" fill="url(#nose)"/>
    <ellipse cx="${cx - s * 0.05}" cy="${cy + h * 0.155}" rx="${s * 0.025}" ry="${h * 0.01}" fill="#5a3a2a" opacity="0.7"/>
    <ellipse cx="${cx + s * 0.05}" cy="${cy + h * 0.155}" rx="${s * 0.025}" ry="${h * 0.01}" fill="#5a3a2a" opacity="0.7"/>
    <path d="M ${cx - s * 0.15} ${cy + h * 0.26} Q ${cx} ${cy + h * 0.22} ${cx + s * 0.15} ${cy + h * 0.26} Q ${cx} ${cy + h * 0.32} ${cx - s * 0.15} ${cy + h * 0.26} Z" fill="#a4534a"/>
  </g>`;
}
async function render(w: number, h: number, fw: number, name: string) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#c8d3dc"/>${face(w / 2, h * 0.48, fw, '#e8b896', '#b07b57')}
  <text x="${w / 2}" y="${h * 0.07}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${w / 20}" fill="#d0202a">SPECIMEN</text></svg>`;
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
  await writeFile(`/tmp/i7/face/${name}.png`, await sharp(jpeg).resize(480).png().toBuffer());
  await detect(name, jpeg);
}
await render(960, 1280, 420, 'shaded-tall');
await render(1280, 720, 260, 'shaded-wide');
await render(1280, 720, 120, 'shaded-small');
