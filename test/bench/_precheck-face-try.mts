import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { generateSelfie, generateSpecimen, randomSpecimenSpec } from '/work/main/main/capture/specimen/generate.ts';

const require = createRequire('/work/main/package.json');
const humanDir = path.resolve(path.dirname(require.resolve('@vladmandic/human')), '..');
console.log(humanDir);
// file:// fetch shim (Node fetch rejects file://)
const realFetch = globalThis.fetch;
globalThis.fetch = (async (input: any, init?: any) => {
  const url = typeof input === 'string' ? input : input.url ?? String(input);
  if (url.startsWith('file://')) {
    const data = await readFile(new URL(url));
    return new Response(data, { status: 200, headers: { 'content-type': url.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
  }
  return realFetch(input, init);
}) as typeof fetch;
const H = require(path.join(humanDir, 'dist/human.node-wasm.js'));
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
const human = new H.Human({
  backend: 'wasm', wasmPath: wasmDir, modelBasePath: 'file://' + path.join(humanDir, 'models') + '/', debug: false, async: true, cacheSensitivity: 0,
  face: { enabled: true, detector: { enabled: true, rotation: false, maxDetected: 5, minConfidence: 0.2, return: false }, mesh: { enabled: false }, iris: { enabled: false }, description: { enabled: false }, emotion: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false }, attention: {enabled:false} },
  body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false }, segmentation: { enabled: false }, filter: { enabled: false },
});
let t = Date.now();
await human.load();
console.log('load', Date.now() - t, human.tf.getBackend());
async function detect(name: string, jpeg: Buffer) {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const tensor = human.tf.tensor3d(new Int32Array(data), [info.height, info.width, 3], 'int32');
  const t0 = Date.now();
  const r = await human.detect(tensor);
  human.tf.dispose(tensor);
  console.log(name, info.width, info.height, Date.now() - t0, 'ms', r.face.map((f: any) => ({ score: f.score.toFixed(2), box: f.boxRaw.map((x: number) => x.toFixed(2)) })));
}
for (const seed of [1, 2, 3]) await detect('selfie' + seed, (await generateSelfie(seed)).jpeg);
await detect('selfie-wide', (await generateSelfie(4, 1280, 720)).jpeg);
const pp = await generateSpecimen(randomSpecimenSpec(5, { format: 'TD3' }));
await detect('passport', pp.jpeg);
const card = await generateSpecimen(randomSpecimenSpec(6, { format: 'TD1', side: 'front' }));
await detect('idfront', card.jpeg);
const back = await generateSpecimen(randomSpecimenSpec(6, { format: 'TD1', side: 'back' }));
await detect('idback', back.jpeg);
