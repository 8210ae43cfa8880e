// The kiosk's own specimen pages as the tests use them, each as a SHA-256 of its bytes, with whether
// libvips runs its vector code in this process — one JSON line. Tests run it as a child process under
// another environment (VIPS_NOVECTOR=1: libvips' plain C code) and compare: a page drawn differently on
// another CPU would be read differently there.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { normalizeImage } from '../../main/capture/image-input';
import { specimenSpecFor } from '../../main/capture/specimen/device';
import { generateSpecimen } from '../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../main/capture/specimen/webcam';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const asStored = async (jpeg: Buffer): Promise<Buffer> => (await normalizeImage(jpeg, { maxBytes: 20 * 1024 * 1024 })).jpeg;

const passport = (await generateSpecimen(specimenSpecFor('passport', 'front', 7101, { expired: true }))).jpeg;
const card = (await generateSpecimen(specimenSpecFor('id_card', 'back', 7102, { dpi: 220 }))).jpeg;
const pages: Record<string, string> = {
  'passport 7101 expired': sha(passport),
  'passport 7101 expired, stored': sha(await asStored(passport)),
  'id card 7102 back': sha(card),
};
for (const blurSigma of [0.4, 0.8, 1.6]) {
  pages[`id card 7102 at the webcam, σ ${blurSigma}`] = sha((await renderWebcamFrame(card, { seed: 7102, rotationDeg: 3, blurSigma, noise: 5 })).jpeg);
}
process.stdout.write(`${JSON.stringify({ vector: sharp.simd(), pages })}\n`);
