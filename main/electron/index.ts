// Electron entry (built to out/main/index.js). Thin by design: it wires Electron objects into the
// pure builders next to it (window-options, protocol, guards, csp, ipc, secrets, logs, updater),
// which are unit-tested under plain Node. Order matters: sandbox, privileged scheme, crash dumps
// and the single-instance lock are set up before `ready`.
import { mkdirSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, powerSaveBlocker, protocol, safeStorage, session } from 'electron';
import { configFilePermissionWarning, loadConfig } from '../config';
import { storeDataPresent } from '../store/open-checks';
import { startupRecovery } from '../store/restore';
import { startKioskOrRecovery } from '../recovery/start';
import { DB_FILE } from '../store/keyfile';
import { tightenDataPermissions } from '../store/data-permissions';
import { KIOSK_VERSION } from '../version';
import { APP_ENTRY_URL, APP_SCHEME } from './app-origin';
import { attachWindowGuards, hardenSession, type GuardableWebContents, type HardenableSession } from './guards';
import { registerIpc, sendHostEvent, SUPERVISOR_EVENT, type IpcMainLike, type WindowLike } from './ipc';
import { createRotatingLog, startLocalCrashDumps, type KioskLog } from './logs';
import { EXPORT_DIAGNOSTICS_FLAG, writeDiagnosticsBundle } from './diagnostics-export';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { openProviderFlow } from './provider-window';
import { buildMode, ignoredDevSwitches } from './build-mode';
import { createContentsGuard, type AnyWebContents } from './contents-guard';
import { createSecretStore, credentialOverrides } from './secrets';
import { configureUpdater, loadUpdateSettings, type AppUpdaterLike } from './updater';
import { KIOSK_PARTITION, kioskWindowOptions } from './window-options';

const here = dirname(fileURLToPath(import.meta.url)); // out/main
const RENDERER_DIR = join(here, '..', 'renderer');
const PRELOAD_PATH = join(here, '..', 'preload', 'index.cjs');

// Dev/e2e may isolate state; packaged kiosks ignore every dev switch and use the OS default userData.
const mode = buildMode(app.isPackaged, process.env);
if (mode.userDataDir) app.setPath('userData', mode.userDataDir);
const production = mode.production;
/** Started as `branch-id-kiosk --export-diagnostics` with no kiosk running: write a bundle once up. */
const diagnosticsAtStart = process.argv.includes(EXPORT_DIAGNOSTICS_FLAG);

app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
startLocalCrashDumps(crashReporter, app, join(app.getPath('userData'), 'crash-dumps'));

// Defence in depth for every WebContents ever created (including ones we did not expect): navigation,
// redirects, pop-ups and <webview> (logged once the log exists).
let logBlocked: (what: string, detail: string) => void = () => {};
const contentsGuard = createContentsGuard({ onBlocked: (what, detail) => logBlocked(what, detail) });
app.on('web-contents-created', (event, contents) => contentsGuard.onWebContentsCreated(event, contents as unknown as AnyWebContents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  const logs = createRotatingLog({ dir: join(app.getPath('userData'), 'logs'), echo: production ? undefined : (l) => console.log(l) });
  const log: KioskLog = logs.log;
  logBlocked = (what, detail) => log('warn', `blocked ${what} (${detail}) in a web contents`);
  const ignored = ignoredDevSwitches(app.isPackaged, process.env);
  if (ignored.length) log('warn', `packaged kiosk: development switches ignored (${ignored.join(', ')})`);
  let shutdown: (() => Promise<void>) | null = null;
  let getHealth: () => Promise<unknown> = async () => null;
  let secretProtection = 'unknown';

  // `branch-id-kiosk --export-diagnostics`: a second instance asks the running kiosk (below), or the
  // kiosk started with the flag writes one once it is up (in start). Never rejects: failures are logged.
  const writeDiagnostics = () =>
    writeDiagnosticsBundle({
      dir: join(app.getPath('userData'), 'diagnostics'),
      logFiles: () => logs.files(),
      health: () => getHealth(),
      secretProtection,
      app: { name: app.getName(), version: KIOSK_VERSION, electron: process.versions.electron, platform: process.platform, arch: process.arch },
      log,
    });

  app.on('second-instance', (_event, argv) => {
    if (argv.includes(EXPORT_DIAGNOSTICS_FLAG)) void writeDiagnostics();
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  const start = async () => {
    Menu.setApplicationMenu(null);
    const userData = app.getPath('userData');
    const dataDir = process.env.KIOSK_DATA_DIR ?? join(userData, 'data');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    for (const fix of tightenDataPermissions(dataDir)) log('warn', `data permissions: ${fix}`);

    const secrets = createSecretStore({ safeStorage, dir: join(userData, 'secrets') });
    secretProtection = secrets.protection;
    if (secrets.warning) log('warn', secrets.warning);
    if (secrets.importProviderCredentials(join(userData, 'provider-credentials.json'))) log('info', 'provider credentials imported and sealed');
    // A WAL or an anchor shows data too: never a new key over them.
    const dbKey = secrets.getOrCreateDbKey({ databaseExists: storeDataPresent(join(dataDir, DB_FILE)) });
    const acceptRollback = startupRecovery(process.argv, dataDir, dbKey, (m) => log('warn', m));
    const config = loadConfig({ dataDir, overrides: credentialOverrides(secrets.readProviderCredentials()) });
    const configWarning = configFilePermissionWarning(dataDir);
    if (configWarning) log('warn', configWarning);
    // A refused database stops the kiosk for the supervisor's recovery screen (restore or accept) instead of ending the app.
    const kiosk = await startKioskOrRecovery(config, {
      dbKey,
      ...(acceptRollback ? { acceptRollback } : {}),
      log,
      onStopped: (finding) => log('error', `kiosk stopped for a supervisor: ${finding.sentence}`),
      // A provider's own page (when configured): a locked, preload-less child window of the kiosk window.
      openProviderPage: (url, origin, stopAt) =>
        openProviderFlow(url, origin, {
          // Options come from providerWindowOptions; its security preferences are asserted by window-options.test.ts.
          createWindow: (options) => new BrowserWindow(options), // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK NODE_INTEGRATION_JS_CHECK AUXCLICK_JS_CHECK
          sessionFromPartition: (partition) => session.fromPartition(partition),
          parent: mainWindow,
          production,
          allowOrigin: (o, isExpectedEnd) => contentsGuard.allowOrigin(o, isExpectedEnd),
          log: (level, message) => log(level, message),
        }, stopAt),
    });
    getHealth = () => kiosk.service.getStatus({});
    void kiosk.running.then((k) => log('info', `kiosk started in ${k.mode} mode (secret protection: ${secrets.protection})`));
    if (diagnosticsAtStart) void writeDiagnostics();

    const kioskSession = session.fromPartition(KIOSK_PARTITION);
    hardenSession(kioskSession as unknown as HardenableSession, { onBlocked: (what, detail) => log('warn', `blocked ${what} (${detail})`) });
    kioskSession.protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: RENDERER_DIR, readFile, realpath }));

    // Electronegativity reads only literal webPreferences; these come from kioskWindowOptions, whose every
    // security preference (contextIsolation, sandbox, nodeIntegration off, Auxclick disabled …) is
    // asserted by test/unit/electron/window-options.test.ts, hence the suppressions on the next line.
    const win = new BrowserWindow(kioskWindowOptions({ preloadPath: PRELOAD_PATH, production })); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK NODE_INTEGRATION_JS_CHECK
    mainWindow = win;
    win.setMenu(null);
    const getMainWindow = () => mainWindow as unknown as WindowLike | null;
    attachWindowGuards(win.webContents as unknown as GuardableWebContents, {
      production,
      onBlocked: (what, detail) => log('warn', `blocked ${what} (${detail})`),
      onSupervisor: () => {
        log('info', 'supervisor shortcut pressed');
        sendHostEvent(getMainWindow, SUPERVISOR_EVENT, {});
      },
    });
    const unregisterIpc = registerIpc(ipcMain as unknown as IpcMainLike, kiosk.service, kiosk.events, getMainWindow, log, { fullDataMinutes: config.teller.fullDataMinutes });
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => (mainWindow = null));
    // A crashed renderer is reloaded, but at most 3 times in 10 minutes so a crash loop stays visible.
    const reloads: number[] = [];
    win.webContents.on('render-process-gone', (_e, details) => {
      log('error', `renderer gone: ${details.reason}`);
      const now = Date.now();
      while (reloads.length && now - reloads[0]! > 10 * 60_000) reloads.shift();
      if (details.reason === 'clean-exit' || !mainWindow || mainWindow.isDestroyed() || reloads.length >= 3) return;
      reloads.push(now);
      void mainWindow.loadURL(APP_ENTRY_URL);
    });

    const blocker = powerSaveBlocker.start('prevent-display-sleep');
    if (process.env.KIOSK_START_AT_LOGIN === '1' && process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: true });

    const updateSettings = loadUpdateSettings(join(userData, 'update.json'));
    let stopUpdater = () => {};
    if (updateSettings && app.isPackaged) {
      const { default: updaterModule } = await import('electron-updater');
      const updater = configureUpdater(updaterModule.autoUpdater as unknown as AppUpdaterLike, updateSettings, { log });
      stopUpdater = updater.stop;
      void updater.check();
    }

    shutdown = async () => {
      stopUpdater();
      if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
      unregisterIpc();
      await kiosk.close();
    };

    if (secrets.warning) {
      // Tell the supervisor on screen, once per start; the kiosk keeps working.
      win.once('show', () => void dialog.showMessageBox(win, { type: 'warning', title: 'Kiosk security', message: secrets.warning!, buttons: ['OK'] }));
    }
    await win.loadURL(APP_ENTRY_URL);
  };

  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !shutdown) return;
    event.preventDefault();
    quitting = true;
    const done = shutdown;
    shutdown = null;
    done()
      .catch((e) => log('error', 'shutdown failed', e))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log('error', 'kiosk failed to start', error);
      const message = error instanceof Error && error.name === 'SecretStoreError' ? error.message : 'The kiosk could not start. Restart the computer; if it happens again, call IT support.';
      dialog.showErrorBox('Branch ID Kiosk', message);
      app.exit(1);
    });
}
