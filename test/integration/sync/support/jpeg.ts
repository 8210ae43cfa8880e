// Synthetic, real JPEGs (sharp): a noisy card-sized image, so the sandbox judge sees a non-blank document; and a queued ID card made of them.
import sharp from 'sharp';
import type { Store } from '../../../../main/store/store';

export async function syntheticJpeg(width = 1000, height = 700, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let a = seed >>> 0;
  for (let i = 0; i < raw.length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    raw[i] = a >>> 24;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
}

/** Queues an ID card (front and back: `jpeg`) for ZignSec, as a teller's submit would. Returns its id. */
export function queueIdCard(store: Store, jpeg: Buffer): string {
  const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
  for (const side of ['front', 'back'] as const) {
    store.putCapture({ verificationId: v.id, side, deviceId: 'specimen:scanner', jpeg, preview: null, width: 1000, height: 700, quality: null });
  }
  store.submitVerification(v.id, ['front', 'back']);
  return v.id;
}
