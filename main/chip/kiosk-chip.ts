// The kiosk's chip service as its mode needs it. Live: PC/SC readers and the trust store from the data
// folder (chip/csca: CSCA certificates, chip/crl: CRLs), re-read at each read so an update takes effect.
// Training (no provider credentials): the virtual ePassport reader and the training CSCAs only — a
// training kiosk never trusts a real state, and a live kiosk never a training CSCA.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../log';
import { openChipReaders } from './pcsc';
import { createChipService, type ChipService } from './service';
import { createTrainingChipKit, type TrainingChipKit } from './training-chip';
import { createTrustStoreLoader } from './trust-store-folder';

export interface KioskChip {
  service: ChipService;
  training: TrainingChipKit | null;
}

export function createKioskChip(mode: 'training' | 'live', dataDir: string, log: Log): KioskChip {
  if (mode === 'training') {
    const training = createTrainingChipKit();
    return { service: createChipService({ readers: training.readers, trust: () => training.trust() }), training };
  }
  const folders = { cscaDir: join(dataDir, 'chip', 'csca'), crlDir: join(dataDir, 'chip', 'crl'), masterListDir: join(dataDir, 'chip', 'masterlist') };
  for (const dir of Object.values(folders)) mkdirSync(dir, { recursive: true });
  let reported = '';
  const load = createTrustStoreLoader(folders);
  const trust = async (at: Date) => {
    const loaded = await load(at);
    const skipped = loaded.skipped.map((s) => `${s.file}: ${s.reason}`).join('; ');
    if (skipped && skipped !== reported) log('warn', `chip trust store: skipped ${skipped}`);
    reported = skipped;
    return loaded.trust;
  };
  return { service: createChipService({ readers: openChipReaders(), trust }), training: null };
}
