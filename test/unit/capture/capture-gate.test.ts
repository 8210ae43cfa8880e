// The capture gate's three levels from the quality verdict and face precheck a capture already carries.
import { describe, expect, it } from 'vitest';
import { captureGate, unusableSides } from '../../../shared/capture-gate';
import type { CaptureSummary, QualityVerdict } from '../../../shared/domain';

const quality = (instruction: string | null, contrast = 60): QualityVerdict => ({ ok: instruction === null, instruction, sharpness: 500, glare: 0, brightness: 140, contrast });

describe('captureGate', () => {
  it('no document, blank, too dark or bright, cut off are unusable', () => {
    for (const i of ['too_dark', 'too_bright', 'no_document', 'cropped', 'same_side', 'other_document']) expect(captureGate({ quality: quality(i) })).toEqual({ level: 'unusable', reason: `quality.${i}` });
    expect(captureGate({ quality: quality('low_contrast', 0) })).toEqual({ level: 'unusable', reason: 'quality.blank' });
  });
  it('blur, glare, small and faint contrast are poor', () => {
    for (const i of ['blurry', 'glare', 'too_small', 'not_outlined']) expect(captureGate({ quality: quality(i) }).level).toBe('poor');
    expect(captureGate({ quality: quality('low_contrast', 15) })).toEqual({ level: 'poor', reason: 'quality.low_contrast' });
  });
  it('a good image without a portrait on the document is poor; otherwise good', () => {
    const face = { target: 'document_portrait' as const, faces: 0, ok: false, largest: null, problem: 'no_face' as const, message: null };
    expect(captureGate({ quality: quality(null), precheck: { checkedAt: '2026-01-01T00:00:00Z', face } })).toEqual({ level: 'poor', reason: 'precheck.face.noPortrait' });
    expect(captureGate({ quality: quality(null) })).toEqual({ level: 'good', reason: null });
    expect(captureGate({ quality: null })).toEqual({ level: 'good', reason: null });
  });
  it('unusableSides looks at the latest capture of each required side', () => {
    const c = (side: 'front' | 'back', at: string, i: string | null) => ({ side, createdAt: at, quality: quality(i) }) as Pick<CaptureSummary, 'side' | 'quality' | 'precheck' | 'createdAt'>;
    expect(unusableSides(['front', 'back'], [c('front', '1', 'too_dark'), c('back', '1', null)])).toEqual(['front']);
    expect(unusableSides(['front', 'back'], [c('front', '1', 'too_dark'), c('front', '2', null), c('back', '1', 'blurry')])).toEqual([]);
    expect(unusableSides(['front'], [c('back', '1', 'too_dark')])).toEqual([]);
  });
});
