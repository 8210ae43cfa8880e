// A kiosk store in a process of its own, for the damage tests to SIGKILL: opens the store in argv[2]
// (key file there), creates argv[3] verifications (create, one capture, submit), printing after each
// `{"id","seq"}` (seq = audit head once it is committed), then waits for the anchor to catch up and
// prints `READY <head seq>`, and waits to be killed. Options (argv[4], JSON): checkpointAfterBytes, checkpointAt (a
// checkpoint after that many verifications),
// backup ({dir, everyMinutes, keep}), paceMs between verifications.
import { Store } from '../../../main/store/store';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { markedJpeg } from './support';

const [dataDir, countText, optionsText] = process.argv.slice(2);
const options = JSON.parse(optionsText ?? '{}') as { checkpointAfterBytes?: number; backup?: { dir: string; everyMinutes: number; keep: number }; paceMs?: number; checkpointAt?: number };
const store = Store.open({
  dataDir: dataDir!,
  key: loadOrCreateKeyFile(dataDir!),
  ...(options.checkpointAfterBytes !== undefined ? { checkpointAfterBytes: options.checkpointAfterBytes } : {}),
  ...(options.backup ? { backup: options.backup, onBackup: (r) => process.stdout.write(`${JSON.stringify(r.ok ? { backup: r.result.file, seq: r.result.head.seq } : { backupError: r.error.message })}\n`) } : {}),
});
const head = () => (store.db.prepare('SELECT max(seq) AS s FROM audit_log').get() as { s: number }).s;
for (let i = 0; i < Number(countText); i++) {
  const v = store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
  const jpeg = markedJpeg(`DMG-${i}`, 16_384);
  store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner', jpeg, preview: jpeg.subarray(0, 64), width: 640, height: 480, quality: null });
  store.submitVerification(v.id, ['front']);
  process.stdout.write(`${JSON.stringify({ id: v.id, seq: head() })}\n`);
  if (options.checkpointAt === i + 1) store.db.pragma('wal_checkpoint(PASSIVE)');
  if (options.paceMs) await new Promise((r) => setTimeout(r, options.paceMs));
}
await store.anchorIdle();
process.stdout.write(`READY ${head()}\n`);
setInterval(() => {}, 60_000);
