// What counts as "face present" for the kiosk: the selfie shows exactly one face, large and
// centred enough; a document shows a portrait. Pure: detections in, verdict out.
import type { FacePrecheck } from '../../shared/precheck';
import type { DetectedFace } from './face-detect';

export const FACE_RULES = {
  /**
   * Selfie: detector score that counts as a face. Measured on our drawn specimens (BlazeFace, WASM): selfie
   * faces score 0.66–0.87, the red "SPECIMEN" lettering at most 0.24 — 0.45 separates them with margin.
   */
  minScore: 0.45,
  /** A selfie face must be at least this tall, as a share of the frame height (the customer is close). */
  minHeight: 0.2,
  /** The face centre may sit this far from the frame centre (share of width / height). */
  maxOffsetX: 0.2,
  maxOffsetY: 0.25,
  /**
   * Document portrait: scores of the small printed (here: drawn) portrait overlap those of text blobs
   * (portraits 0.29–0.51, text up to 0.48 on our specimens), so a portrait is a detection of at least 0.25
   * that is also portrait-sized: ICAO 9303 portraits fill about half the page height, the face in them at
   * least a sixth of it; text false positives were at most 0.15 of the page height.
   */
  portraitMinScore: 0.25,
  portraitMinHeight: 0.16,
} as const;

const SENTENCES: Record<NonNullable<FacePrecheck['problem']>, string> = {
  no_face: 'No face was found. Ask the customer to face the camera, then take the picture again.',
  several_faces: 'More than one face is in the picture. Only the customer should be in it; take it again.',
  too_small: 'The face is too small. Ask the customer to come closer, then take the picture again.',
  off_centre: 'The face is not in the middle. Ask the customer to move to the centre, then take the picture again.',
};

export function judgeFaces(faces: readonly DetectedFace[], target: FacePrecheck['target'], rules = FACE_RULES): FacePrecheck {
  const isFace =
    target === 'selfie'
      ? (f: DetectedFace) => f.score >= rules.minScore
      : (f: DetectedFace) => f.score >= rules.portraitMinScore && f.box[3] >= rules.portraitMinHeight;
  const counted = faces.filter(isFace).sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
  const top = counted[0];
  const largest = top ? { x: top.box[0], y: top.box[1], width: top.box[2], height: top.box[3], score: Math.round(top.score * 100) / 100 } : null;
  const verdict = (problem: FacePrecheck['problem']): FacePrecheck => ({
    target,
    faces: counted.length,
    ok: problem === null,
    largest,
    problem,
    message: problem === null ? null : target === 'document_portrait' ? 'No portrait was found on the document. Check that the photo page is scanned.' : SENTENCES[problem],
  });
  if (!top) return verdict('no_face');
  if (target === 'document_portrait') return verdict(null);
  if (counted.length > 1) return verdict('several_faces');
  if (top.box[3] < rules.minHeight) return verdict('too_small');
  const cx = top.box[0] + top.box[2] / 2;
  const cy = top.box[1] + top.box[3] / 2;
  if (Math.abs(cx - 0.5) > rules.maxOffsetX || Math.abs(cy - 0.5) > rules.maxOffsetY) return verdict('off_centre');
  return verdict(null);
}
