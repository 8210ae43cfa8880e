// Face detection with Human's BlazeFace model on the TensorFlow.js WASM backend, fully offline: the model
// files ship inside the @vladmandic/human npm package and the .wasm binaries inside
// @tensorflow/tfjs-backend-wasm; nothing is fetched from a network. Runs inside the face worker thread
// (face-worker.ts), never on the kiosk's main event loop.
//
// Two offline gotchas: Human loads models with fetch(),
// and Node's fetch refuses file:// URLs, so this worker's fetch serves file:// from disk (the shim lives
// only in the worker thread); and Human's package.json `exports` hides its dist/ files, so it is loaded by
// path from the package folder.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';

export interface DetectedFace {
  score: number;
  /** Box as fractions of the image: x, y (top-left), width, height. */
  box: [number, number, number, number];
}

/** What Human returns that we use (its own .d.ts pulls in DOM types the main process does not have). */
interface HumanLike {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: Array<{ score: number; boxRaw: [number, number, number, number] }> }>;
  tf: { tensor3d(data: Int32Array, shape: [number, number, number], dtype: 'int32'): unknown; dispose(t: unknown): void };
}

const requireHere = createRequire(import.meta.url);

function installFileFetch(): void {
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file://')) return new Response(await readFile(new URL(url)), { status: 200 });
    return original(input, init);
  }) as typeof fetch;
}

export async function createFaceDetector(options: { minScore?: number } = {}): Promise<{ detect(image: Buffer): Promise<DetectedFace[]> }> {
  installFileFetch();
  const humanDir = path.resolve(path.dirname(requireHere.resolve('@vladmandic/human')), '..');
  const { Human } = requireHere(path.join(humanDir, 'dist/human.node-wasm.js')) as { Human: new (config: object) => HumanLike };
  const wasmDir = `${path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`;
  const human = new Human({
    backend: 'wasm',
    wasmPath: wasmDir,
    modelBasePath: `file://${path.join(humanDir, 'models')}/`,
    debug: false,
    // Every frame is judged on its own: no caching of results between calls.
    cacheSensitivity: 0,
    face: {
      enabled: true,
      detector: { enabled: true, rotation: false, maxDetected: 5, minConfidence: options.minScore ?? 0.2, return: false },
      mesh: { enabled: false },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    filter: { enabled: false },
  });
  await human.load();

  const detect = async (image: Buffer): Promise<DetectedFace[]> => {
    const { data, info } = await sharp(image).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const tensor = human.tf.tensor3d(new Int32Array(data), [info.height, info.width, 3], 'int32');
    try {
      const result = await human.detect(tensor);
      return result.face.map((f) => ({ score: f.score, box: f.boxRaw }));
    } finally {
      human.tf.dispose(tensor);
    }
  };
  // Warm: the first inference compiles the WASM kernels.
  await detect(await sharp({ create: { width: 256, height: 256, channels: 3, background: '#888' } }).jpeg().toBuffer());
  return { detect };
}
