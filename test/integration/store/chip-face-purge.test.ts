// Dropping a verification's images (retention purge, supervisor purge) also drops the face picture read
// from the document's chip; the chip verdict and its evidence (SOD, DG1) stay for a later re-check.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createChipReadStore } from '../../../main/store/chip-reads';
import { Store } from '../../../main/store/store';
import { tempDir } from './support';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('image purge and chip reads', () => {
  it('clears the chip face of the purged verification only, keeping its verdict and evidence', () => {
    const t = tempDir('kiosk-chip-purge-');
    const store = Store.open({ dataDir: t.dir, key: randomBytes(32) });
    cleanup = () => {
      store.close();
      t.cleanup();
    };
    const chip = createChipReadStore(store.db);
    const read = (verificationId: string) => ({
      verificationId, readAt: 1, outcome: 'verified', reason: null, message: 'Chip verified by UT.', country: 'UT',
      accessMethod: 'bac' as const, signerSubject: 'CN=DS', dataGroups: [1, 2], printedMrzMatch: true, training: true,
      cloneCheck: null, revocation: null, sod: Buffer.from('sod'), dg1: Buffer.from('dg1'), face: { bytes: randomBytes(64), format: 'jpeg' as const },
    });
    const purged = store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    const kept = store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    chip.save(read(purged.id));
    chip.save(read(kept.id));
    store.db.transaction(() => store.dropImagesOf(purged.id, 2))();
    expect(chip.latest(purged.id)).toMatchObject({ outcome: 'verified', dataGroups: [1, 2], face: null, sod: Buffer.from('sod'), dg1: Buffer.from('dg1') });
    expect(chip.latest(kept.id)?.face?.bytes.length).toBe(64);
  });
});
