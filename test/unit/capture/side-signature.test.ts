// The layout signature that tells "the same side again" from "the other side", measured on synthetic
// specimen ID cards and driving licences: clean scans and camera stills (tilted, with glare, in dim light)
// cut down to the card as the kiosk keeps them. Every same-side pair must fall below SAME_SIDE_DISTANCE and
// every front/back pair above it, also against another person's card of the same template.
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareStill } from '../../../main/capture/prepared-still';
import { SAME_SIDE_DISTANCE, sideDistance, sideSignatures, type SideSignature } from '../../../main/capture/side-signature';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { generateLicenceBack } from '../../../main/capture/specimen/licence';
import { renderWebcamFrame, type WebcamVariant } from '../../../main/capture/specimen/webcam';
import type { DocumentType } from '../../../shared/domain';

type Signatures = [SideSignature, SideSignature];
const CAMERA: WebcamVariant[] = [
  { rotationDeg: -8, perspective: 0.1, glare: 0.9, noise: 3 },
  { rotationDeg: 5, light: 0.6, blurSigma: 0.8, noise: 4 },
];

const specFor = (documentType: DocumentType, side: 'front' | 'back', seed: number, dpi?: number) => {
  const spec = randomSpecimenSpec(seed, { format: 'TD1', side, ...(dpi ? { dpi } : {}) });
  return documentType === 'drivers_license' ? { ...spec, title: 'DRIVING LICENCE', documentCode: 'DL' } : spec;
};

/** One side as a scan and as camera stills, each as the kiosk keeps it. */
async function captures(documentType: DocumentType, side: 'front' | 'back', seed: number): Promise<Signatures[]> {
  const licenceBack = documentType === 'drivers_license' && side === 'back';
  const scan = licenceBack ? (await generateLicenceBack(specFor(documentType, side, seed))).jpeg : (await generateSpecimen(specFor(documentType, side, seed))).jpeg;
  const doc = licenceBack ? scan : (await generateSpecimen(specFor(documentType, side, seed, 220))).jpeg;
  const kept = [scan];
  for (const variant of CAMERA) {
    const frame = await renderWebcamFrame(doc, { seed, ...variant });
    kept.push((await prepareStill({ jpeg: frame.jpeg, width: frame.width, height: frame.height }, { kind: 'camera', documentType })).image.jpeg);
  }
  return Promise.all(kept.map(sideSignatures));
}

const same: number[] = [];
const other: number[] = [];
beforeAll(async () => {
  for (const documentType of ['id_card', 'drivers_license'] as const) {
    for (const seed of [31, 32]) {
      const [fronts, backs, othersFronts] = await Promise.all([captures(documentType, 'front', seed), captures(documentType, 'back', seed), captures(documentType, 'front', seed + 50)]);
      for (let i = 0; i < fronts.length; i++) {
        for (let j = 0; j < fronts.length; j++) {
          if (i < j) same.push(sideDistance(fronts[i]!, fronts[j]![0]), sideDistance(backs[i]!, backs[j]![0]));
          same.push(sideDistance(othersFronts[i]!, fronts[j]![0]));
          other.push(sideDistance(backs[i]!, fronts[j]![0]), sideDistance(fronts[i]!, backs[j]![0]));
        }
      }
    }
  }
}, 240_000);

describe('side signatures', () => {
  it('separate the same side from the other side on every pair', () => {
    expect(same).toHaveLength(60);
    expect(other).toHaveLength(72);
    expect(Math.max(...same)).toBeLessThan(SAME_SIDE_DISTANCE);
    expect(Math.min(...other)).toBeGreaterThan(SAME_SIDE_DISTANCE);
  });

  it('find a card put down upside down the same side', async () => {
    const front = (await generateSpecimen(specFor('id_card', 'front', 33))).jpeg;
    const sharp = (await import('sharp')).default;
    const turned = await sharp(front).rotate(180).jpeg().toBuffer();
    expect(sideDistance(await sideSignatures(turned), (await sideSignatures(front))[0])).toBeLessThan(0.05);
  });
});
