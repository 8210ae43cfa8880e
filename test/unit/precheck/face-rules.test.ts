import { describe, expect, it } from 'vitest';
import { judgeFaces } from '../../../main/precheck/face-rules';
import type { DetectedFace } from '../../../main/precheck/face-detect';

const face = (score: number, x: number, y: number, w: number, h: number): DetectedFace => ({ score, box: [x, y, w, h] });

describe('face presence rules', () => {
  it('one large, centred face passes', () => {
    expect(judgeFaces([face(0.8, 0.3, 0.25, 0.4, 0.5)], 'selfie')).toMatchObject({ ok: true, faces: 1, problem: null, message: null });
  });
  it('no face, several faces, too small, off centre each get their problem and a sentence with a next step', () => {
    expect(judgeFaces([], 'selfie')).toMatchObject({ ok: false, problem: 'no_face', message: expect.stringMatching(/take the picture again/) });
    expect(judgeFaces([face(0.7, 0.1, 0.3, 0.3, 0.4), face(0.6, 0.6, 0.3, 0.3, 0.4)], 'selfie').problem).toBe('several_faces');
    expect(judgeFaces([face(0.9, 0.45, 0.45, 0.08, 0.12)], 'selfie').problem).toBe('too_small');
    expect(judgeFaces([face(0.9, 0.0, 0.3, 0.25, 0.4)], 'selfie').problem).toBe('off_centre');
  });
  it('weak detections (lettering) do not count as faces on a selfie', () => {
    expect(judgeFaces([face(0.8, 0.3, 0.25, 0.4, 0.5), face(0.24, 0.4, 0, 0.14, 0.25)], 'selfie')).toMatchObject({ ok: true, faces: 1 });
  });
  it('a document portrait needs a portrait-sized detection; small text blobs do not count', () => {
    expect(judgeFaces([face(0.32, 0.09, 0.38, 0.18, 0.29)], 'document_portrait')).toMatchObject({ ok: true, target: 'document_portrait' });
    expect(judgeFaces([face(0.48, 0.38, 0.51, 0.07, 0.1)], 'document_portrait')).toMatchObject({ ok: false, problem: 'no_face', message: expect.stringMatching(/portrait/) });
  });
});
