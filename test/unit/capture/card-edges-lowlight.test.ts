// Card edges in dim light. The desk/card colour threshold used to have a fixed floor, which in dim light
// swallowed the card's dark print band: corners 71–111 px off at exposure × 0.5 and × 0.3 (measured before
// the fix, 1920 × 1080 frames). The floor now scales with the desk's brightness.
import { beforeAll, describe, expect, it } from 'vitest';
import { findCardQuad } from '../../../main/capture/card-edges';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { generateSpecimen } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';

let idFront: Buffer;
let passport: Buffer;
beforeAll(async () => {
  idFront = (await generateSpecimen(specimenSpecFor('id_card', 'front', 5, { dpi: 220 }))).jpeg;
  passport = (await generateSpecimen(specimenSpecFor('passport', 'front', 5, { dpi: 220 }))).jpeg;
});

describe('card edges in dim light', () => {
  it.each([
    ['id card', 0.5, 0],
    ['id card', 0.3, 8],
    ['passport', 0.5, 8],
    ['passport', 0.3, 0],
  ] as const)('%s at light × %s, rotated %s°: corners within 6 px', async (doc, light, rotationDeg) => {
    const frame = await renderWebcamFrame(doc === 'id card' ? idFront : passport, { seed: 2, light, noise: 3, rotationDeg });
    const quad = await findCardQuad(frame.jpeg);
    expect(quad).not.toBeNull();
    const worst = Math.max(...quad!.corners.map(([x, y], i) => Math.hypot(x - frame.corners[i]![0], y - frame.corners[i]![1])));
    expect(worst).toBeLessThan(6);
  });
});
