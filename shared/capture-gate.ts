// The capture gate: what the kiosk's own checks of one captured side (quality verdict, face presence)
// make of it before anything is sent. Three levels:
//   unusable — nothing a provider could read (no document, blank, too dark or bright, cut off):
//              Submit is refused for that side until it is captured again (main enforces it);
//   poor     — readable but weak (blur, glare, small, no portrait found): the teller must say
//              "send anyway" on the review screen;
//   good     — passes.
// Pure: main refuses a submit with an unusable side, the renderer shows the same verdict per side.
import type { CaptureSide, CaptureSummary } from './domain';

export type CaptureGateLevel = 'good' | 'poor' | 'unusable';

export type CaptureGate = {
  level: CaptureGateLevel;
  /** Why (a `quality.*` or `precheck.face.*` key of the renderer locales); null when good. */
  reason: string | null;
};

/**
 * Quality instructions that leave nothing for a provider to read, or the wrong thing: the same side as the
 * other one already captured, or a side of another document.
 */
const UNUSABLE_INSTRUCTIONS: ReadonlySet<string> = new Set(['too_dark', 'too_bright', 'no_document', 'cropped', 'same_side', 'other_document']);

/** A frame with almost no contrast is a blank page (a closed lid, an empty glass), not a faint document. */
const BLANK_CONTRAST = 6;

export function captureGate(capture: Pick<CaptureSummary, 'quality' | 'precheck'> | undefined | null): CaptureGate {
  if (!capture) return { level: 'unusable', reason: null };
  const q = capture.quality;
  if (q && !q.ok && q.instruction) {
    if (UNUSABLE_INSTRUCTIONS.has(q.instruction)) return { level: 'unusable', reason: `quality.${q.instruction}` };
    if (q.instruction === 'low_contrast' && q.contrast !== null && q.contrast < BLANK_CONTRAST) return { level: 'unusable', reason: 'quality.blank' };
    return { level: 'poor', reason: `quality.${q.instruction}` };
  }
  if (q && !q.ok) return { level: 'poor', reason: null };
  const face = capture.precheck?.face;
  if (face && !face.ok) return { level: 'poor', reason: face.target === 'document_portrait' ? 'precheck.face.noPortrait' : `precheck.face.${face.problem ?? 'no_face'}` };
  return { level: 'good', reason: null };
}

type GatedCapture = Pick<CaptureSummary, 'side' | 'quality' | 'precheck' | 'createdAt'>;

/** The newest capture of `side` (a retake replaces the earlier one). */
export function latestCapture<C extends GatedCapture>(side: CaptureSide, captures: readonly C[]): C | undefined {
  return captures.filter((c) => c.side === side).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
}

/** The sides (of those required) a submit must wait for: missing or unusable. */
export function unusableSides(sides: readonly CaptureSide[], captures: ReadonlyArray<GatedCapture>): CaptureSide[] {
  return sides.filter((side) => {
    const latest = latestCapture(side, captures);
    return latest !== undefined && captureGate(latest).level === 'unusable';
  });
}

/** The required sides whose latest capture is poor, with the gate's reason: each needs the teller's "send anyway". */
export function poorSides<C extends GatedCapture>(sides: readonly CaptureSide[], captures: readonly C[]): Array<{ side: CaptureSide; capture: C; gate: CaptureGate }> {
  return sides.flatMap((side) => {
    const capture = latestCapture(side, captures);
    const gate = capture ? captureGate(capture) : null;
    return capture && gate?.level === 'poor' ? [{ side, capture, gate }] : [];
  });
}
