// TRAINING ONLY. Everything a training kiosk needs to read "a chip" without hardware: the virtual reader,
// a training CSCA per issuing country (made on first use, in memory), the trust store holding only those
// training CSCAs, and `place`, which builds the virtual ePassport of the specimen the teller scanned and
// puts it on the reader. Each virtual passport has its own chip authentication key, so the clone check runs.
import { iso31661 } from 'iso-3166';
import sharp from 'sharp';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import type { MrzAccessFields } from './access-key';
import { randomScalar } from './pace';
import type { TrustStore } from './passive-auth';
import { createTrainingPki, type TrainingPki } from './training-pki';
import { TrainingPassportChip, trainingPassportFiles } from './training-passport';
import { createTrainingChipReaders, type TrainingChipReaders } from './training-reader';

const FACE = { width: 240, height: 320 } as const;

export interface TrainingChipKit {
  readers: TrainingChipReaders;
  trust(): TrustStore;
  /** Builds the training ePassport (DG1 = `mrzLines`, DG2 = a portrait cut from `frontJpeg`) and places it. */
  place(passport: { mrzLines: string[]; access: MrzAccessFields; issuingState: string; frontJpeg: Buffer | null }): Promise<void>;
}

/** ISO alpha-2 of an MRZ issuing state, as certificates name countries ("UT" for the ICAO specimen UTO). */
const alpha2Of = (state: string): string => iso31661.find((c) => c.alpha3 === state)?.alpha2 ?? state.slice(0, 2);

/** A portrait-shaped JPEG from the scanned page (the specimen's own picture area is not located here). */
async function faceOf(frontJpeg: Buffer | null): Promise<Buffer> {
  const input = frontJpeg ?? { create: { width: FACE.width, height: FACE.height, channels: 3 as const, background: { r: 200, g: 200, b: 200 } } };
  return sharp(input as Buffer).resize(FACE.width, FACE.height, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
}

export function createTrainingChipKit(): TrainingChipKit {
  const readers = createTrainingChipReaders();
  const pkis = new Map<string, Promise<TrainingPki>>();
  const settled: TrainingPki[] = [];
  const pkiOf = (country: string): Promise<TrainingPki> => {
    let pki = pkis.get(country);
    if (!pki) {
      pki = createTrainingPki(country).then((p) => (settled.push(p), p));
      pkis.set(country, pki);
    }
    return pki;
  };
  return {
    readers,
    trust: () => ({ cscas: settled.map((p) => p.csca), crls: [] }),
    async place({ mrzLines, access, issuingState, frontJpeg }) {
      const pki = await pkiOf(alpha2Of(issuingState));
      const face = { jpeg: await faceOf(frontJpeg), ...FACE };
      // Each virtual passport gets its own chip authentication key, as each real chip has.
      const chipKey = { curveName: 'brainpoolP256r1', cipher: '3DES' as const, privateKey: randomScalar(brainpoolP256r1) };
      const files = await trainingPassportFiles({ mrzLines, access, face }, pki, chipKey);
      readers.place(new TrainingPassportChip(access, files, chipKey));
    },
  };
}
