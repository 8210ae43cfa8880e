// The kiosk side of the forwarding test as a process of its own, so the test can SIGKILL it
// mid-forward: opens the encrypted store, runs the audit forwarder, prints its status as JSON lines.
// Input (environment): FLEET_DATA_DIR, FLEET_DB_KEY (hex), FLEET_SIEM (JSON SiemSettings).
import { Store } from '../../../main/store/store';
import { AuditForwarder, type SiemSettings } from '../../../main/fleet/audit-forwarder';

const store = Store.open({ dataDir: process.env.FLEET_DATA_DIR!, key: Buffer.from(process.env.FLEET_DB_KEY!, 'hex') });
const siem = JSON.parse(process.env.FLEET_SIEM!) as SiemSettings;
const forwarder = new AuditForwarder({
  db: store.db,
  audit: store.audit,
  siem,
  kioskId: 'kiosk-test',
  version: 'test',
  hostname: 'kiosk-test-host',
  log: (level, message) => process.stderr.write(`${level}: ${message}\n`),
});
forwarder.start();
const report = setInterval(() => {
  const s = forwarder.status();
  process.stdout.write(`${JSON.stringify({ forwardedSeq: s.forwardedHead?.seq ?? 0, logHeadSeq: s.logHeadSeq, backlog: s.backlog, failures: s.consecutiveFailures })}\n`);
}, 100);
process.once('SIGTERM', () => {
  clearInterval(report);
  void forwarder.stop().then(() => {
    store.close();
    process.exit(0);
  });
});
