// `npm run serve`: the kiosk core + web host on 127.0.0.1. Prints the URL (with the session token).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configFilePermissionWarning, isTrainingMode, loadConfig } from '../config';
import { startKioskOrRecovery } from '../recovery/start';
import { loadOrCreateKeyFile } from '../store/keyfile';
import { restoreFromBackup } from '../store/restore';
import { tightenDataPermissions } from '../store/data-permissions';
import { consoleLog } from '../log';
import { startWebHost } from './server';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    // Restore the outbox from a backup file (checked first; what it misses is printed), then start.
    'restore-from': { type: 'string' },
    // A supervisor accepts a database behind its anchor (recorded in the audit with the missing count).
    'accept-rollback': { type: 'string' },
  },
  strict: true,
});

/** Built: out/main/web.js → out/renderer. From source (tsx): main/web/cli.ts → out/renderer. */
function rendererDir(): string {
  const candidates = [resolve(import.meta.dirname, '../renderer'), resolve(import.meta.dirname, '../../out/renderer')];
  return candidates.find((d) => existsSync(resolve(d, 'index.html'))) ?? candidates[0]!;
}

async function main(): Promise<void> {
  const log = consoleLog('web');
  const portOverride = values.port !== undefined ? { web: { port: Number(values.port) } } : {};
  const config = loadConfig({ dataDir: values['data-dir'], overrides: portOverride });
  for (const fix of tightenDataPermissions(config.dataDir)) log('warn', `data permissions: ${fix}`);
  const configWarning = configFilePermissionWarning(config.dataDir);
  if (configWarning) log('warn', configWarning);
  const dbKey = loadOrCreateKeyFile(config.dataDir);
  let acceptRollback: { actor: string; reason: string; restoredFrom?: string } | undefined;
  if (values['restore-from']) {
    const report = restoreFromBackup({ dataDir: config.dataDir, key: dbKey, from: resolve(values['restore-from']) });
    process.stdout.write(`Restored from ${report.from}. ${report.sentence}${report.movedAsideTo ? ` The files it replaced are in ${report.movedAsideTo}.` : ''}\n`);
    acceptRollback = { actor: `operator:${values['accept-rollback'] ?? 'restore'}`, reason: `restored from ${report.from}`, restoredFrom: report.from };
  } else if (values['accept-rollback']) {
    acceptRollback = { actor: `supervisor:${values['accept-rollback']}`, reason: 'accepted at start (--accept-rollback)' };
  }
  // A refused database stops the kiosk for the supervisor's recovery screen instead of ending the host.
  const kiosk = await startKioskOrRecovery(config, {
    dbKey,
    log,
    ...(acceptRollback ? { acceptRollback } : {}),
    onStopped: (finding) => process.stdout.write(`THE KIOSK HAS STOPPED: ${finding.sentence}\nA supervisor can restore a backup or accept the current state in the supervisor area of the page below.\n`),
  });
  const host = await startWebHost({
    service: kiosk.service,
    events: kiosk.events,
    dataDir: config.dataDir,
    rendererDir: rendererDir(),
    port: config.web.port,
    fullDataMinutes: config.teller.fullDataMinutes,
    log,
  });
  process.stdout.write(
    `Branch ID Kiosk (${isTrainingMode(config) ? 'TRAINING MODE' : 'live'}) ${kiosk.kiosk() ? 'is running' : 'is stopped for a supervisor'}.\n` +
      `Open: ${host.urlWithToken}\n` +
      `Data: ${config.dataDir}\n`,
  );
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await kiosk.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`The kiosk could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
