// Face presence with the real detector: BlazeFace (model shipped in @vladmandic/human) on the WASM
// backend in the face worker thread, on drawn synthetic faces and specimen documents (never a photo of
// anyone). See test/bench/precheck-face.ts for scores and timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceChecker, type FaceCheckerHandle } from '../../../main/precheck/face';
import { generateSelfie, generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { specimenSpecFor } from '../../../main/capture/specimen/device';

let checker: FaceCheckerHandle;
beforeAll(async () => {
  checker = createFaceChecker();
  await checker.ready;
});
afterAll(async () => checker?.close());

describe('face presence (real detector in its worker)', () => {
  it('finds exactly one large, centred face on shaded selfies of every skin tone, portrait and landscape', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      for (const [w, h] of [[960, 1280], [1280, 720]] as const) {
        const v = await checker.check((await generateSelfie(seed, w, h, { style: 'shaded' })).jpeg, 'selfie');
        expect(v, `seed ${seed} ${w}x${h}`).toMatchObject({ ok: true, faces: 1, problem: null });
      }
    }
  });

  it('says when there are two faces, the face is too small, off centre, or missing', async () => {
    expect((await checker.check((await generateSelfie(3, 1280, 720, { style: 'shaded', faces: 2, faceScale: 0.3 })).jpeg, 'selfie')).problem).toBe('several_faces');
    expect((await checker.check((await generateSelfie(4, 1280, 720, { style: 'shaded', faceScale: 0.08 })).jpeg, 'selfie')).problem).toBe('too_small');
    expect((await checker.check((await generateSelfie(5, 1280, 720, { style: 'shaded', centreX: 0.18 })).jpeg, 'selfie')).problem).toBe('off_centre');
    const back = await generateSpecimen(specimenSpecFor('id_card', 'back', 12)); // text and MRZ, no face
    expect((await checker.check(back.jpeg, 'selfie')).problem).toBe('no_face');
  });

  it('finds the portrait on passport, ID card and TD2 data pages, and none on a card back', async () => {
    for (const jpeg of [
      (await generateSpecimen(specimenSpecFor('passport', 'front', 11))).jpeg,
      (await generateSpecimen(specimenSpecFor('id_card', 'front', 12))).jpeg,
      (await generateSpecimen(randomSpecimenSpec(13, { format: 'TD2' }))).jpeg,
    ]) {
      expect(await checker.check(jpeg, 'document_portrait')).toMatchObject({ ok: true, target: 'document_portrait' });
    }
    const back = await generateSpecimen(specimenSpecFor('id_card', 'back', 12));
    expect(await checker.check(back.jpeg, 'document_portrait')).toMatchObject({ ok: false, problem: 'no_face' });
  });

  it('reports a worker that cannot start instead of hanging', async () => {
    const broken = createFaceChecker({ workerPath: null });
    await expect(broken.check(Buffer.from('x'), 'selfie')).rejects.toThrow(/missing/);
    await broken.close();
  });
});
