// The judgement of a front/back pair: the layout distance decides, the document portrait overrules it
// (a portrait on one image only means two sides; a portrait on both lets a looser layout distance count
// as the same side), and machine-readable lines naming two document numbers mean another document.
import { describe, expect, it } from 'vitest';
import { SAME_SIDE_DISTANCE } from '../../../main/capture/side-signature';
import { SAME_SIDE_WITH_PORTRAITS, judgeSides } from '../../../main/teller/side-check';

const none: [null, null] = [null, null];

describe('judgeSides', () => {
  it('layouts alone: below the line the same side, above it nothing', () => {
    expect(judgeSides({ distance: SAME_SIDE_DISTANCE - 0.01, portraits: none, numbers: none })).toBe('same_side');
    expect(judgeSides({ distance: SAME_SIDE_DISTANCE, portraits: none, numbers: none })).toBeNull();
    // One portrait unknown (no detector): the layout decides alone.
    expect(judgeSides({ distance: 0.4, portraits: [true, null], numbers: none })).toBeNull();
    expect(judgeSides({ distance: 0.1, portraits: [null, false], numbers: none })).toBe('same_side');
  });

  it('a portrait on one image only: two sides, however alike the layouts', () => {
    expect(judgeSides({ distance: 0.05, portraits: [true, false], numbers: none })).toBeNull();
    expect(judgeSides({ distance: 0.05, portraits: [false, true], numbers: none })).toBeNull();
  });

  it('a portrait on both: the front twice up to the looser line', () => {
    expect(SAME_SIDE_WITH_PORTRAITS).toBeGreaterThan(SAME_SIDE_DISTANCE);
    expect(judgeSides({ distance: 0.45, portraits: [true, true], numbers: none })).toBe('same_side');
    expect(judgeSides({ distance: SAME_SIDE_WITH_PORTRAITS, portraits: [true, true], numbers: none })).toBeNull();
    // No portrait on either: the usual line.
    expect(judgeSides({ distance: 0.45, portraits: [false, false], numbers: none })).toBeNull();
  });

  it('two confirmed document numbers that differ: another document; the same number or one missing: nothing', () => {
    expect(judgeSides({ distance: 0.8, portraits: [true, false], numbers: ['X1', 'Y2'] })).toBe('other_document');
    expect(judgeSides({ distance: 0.8, portraits: [true, false], numbers: ['X1', 'X1'] })).toBeNull();
    expect(judgeSides({ distance: 0.8, portraits: none, numbers: ['X1', null] })).toBeNull();
    // The same side wins over the numbers (the next step is to turn the card over).
    expect(judgeSides({ distance: 0.1, portraits: none, numbers: ['X1', 'Y2'] })).toBe('same_side');
  });
});
