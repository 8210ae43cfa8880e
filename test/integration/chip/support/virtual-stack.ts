// The virtual smart-card stack for chip tests and the chip bench: a real pcsc-lite daemon (`pcscd -f`) with
// its own reader.conf.d holding one vsmartcard `vpcd` reader on a port chosen here, and emulated passports
// (emulated-passport-cli.ts) placed on it as child processes. Everything is started here and stopped by PID.
//
// pcsc-lite 1.9.9 always serves /run/pcscd/pcscd.comm, so one stack runs at a time on a machine: starting
// a second fails with a sentence rather than talking to the wrong daemon.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSmartcardBinding, openChipReaders, type ChipReaders } from '../../../../main/chip/pcsc';

const PCSCD = '/usr/sbin/pcscd';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
const CLI = resolve(import.meta.dirname, 'emulated-passport-cli.ts');
export const READER_FRIENDLY_NAME = 'Kiosk Test Reader';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`virtual stack: timed out waiting for ${what}`);
    await sleep(50);
  }
}

const portFree = (port: number) =>
  new Promise<boolean>((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });

/** Two consecutive free TCP ports (vpcd serves slot 0 on the first and slot 1 on the next). */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 40_000 + Math.floor(Math.random() * 20_000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('virtual stack: no two consecutive free ports');
}

const socketAnswers = (path: string) =>
  new Promise<boolean>((done) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      done(true);
    });
    s.once('error', () => done(false));
  });

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  process.kill(child.pid, signal);
  const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface PlacedPassport {
  readonly pid: number;
  /** Takes the passport off the reader: the emulator process is killed by its PID. */
  remove(): Promise<void>;
}

export interface VirtualStack {
  readonly readerName: string;
  readonly readers: ChipReaders;
  readonly pcscdPid: number;
  /** Places the passport laid out in `folder` (writePassportFolder) on the reader and waits until PC/SC sees it. */
  place(folder: string): Promise<PlacedPassport>;
  stop(): Promise<void>;
}

export function virtualStackAvailable(): string | null {
  if (!existsSync(PCSCD)) return 'pcscd is not installed (Debian package pcscd)';
  if (!existsSync(VPCD_DRIVER)) return 'the vpcd reader driver is not installed (Debian package vsmartcard-vpcd)';
  if (!loadSmartcardBinding()) return 'the smartcard binding is not built (npm run build:pcsc)';
  return null;
}

export async function startVirtualStack(): Promise<VirtualStack> {
  const missing = virtualStackAvailable();
  if (missing) throw new Error(`virtual stack: ${missing}`);
  if (existsSync(PCSCD_SOCKET) && (await socketAnswers(PCSCD_SOCKET))) {
    throw new Error(`virtual stack: another pcscd is already serving ${PCSCD_SOCKET}; chip tests and the chip bench run one at a time`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'chip-stack-'));
  const confDir = join(dir, 'reader.conf.d');
  const port = await freePortPair();
  // pcscd reads every file in the folder given with -c.
  mkdirSync(confDir);
  writeFileSync(join(confDir, 'vpcd'), [
    `FRIENDLYNAME "${READER_FRIENDLY_NAME}"`, `DEVICENAME   /dev/null:${port}`, `LIBPATH      ${VPCD_DRIVER}`, `CHANNELID    ${port}`, '',
  ].join('\n'));
  const log = openSync(join(dir, 'pcscd.log'), 'w');
  const pcscd = spawn(PCSCD, ['-f', '-c', confDir], { stdio: ['ignore', log, log] });
  closeSync(log);
  const placed = new Set<ChildProcess>();
  let readers: ChipReaders | null = null;
  try {
    await waitFor('pcscd to listen for the virtual reader', () => pcscd.exitCode === null && existsSync(PCSCD_SOCKET));
    if (pcscd.exitCode !== null) throw new Error('virtual stack: pcscd exited at start');
    readers = openChipReaders();
    const r = readers;
    const readerName = await waitFor('the virtual reader to be listed', () => {
      const listing = r.list();
      return listing.ok ? listing.readers.find((x) => x.name.startsWith(READER_FRIENDLY_NAME))?.name : null;
    });
    const cardPresent = (): boolean => {
      const listing = r.list();
      return listing.ok && listing.readers.some((x) => x.name === readerName && x.cardPresent);
    };
    return {
      readerName,
      readers: r,
      pcscdPid: pcscd.pid!,
      async place(folder) {
        const child = spawn(process.execPath, ['--import', 'tsx', CLI, String(port), folder], { stdio: ['ignore', 'pipe', 'pipe'] });
        placed.add(child);
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        child.stdout!.resume();
        await waitFor('the emulated passport to be in the reader', () => {
          if (child.exitCode !== null) throw new Error(`virtual stack: the emulated passport exited: ${stderr.trim()}`);
          return cardPresent();
        }, 30_000);
        return {
          pid: child.pid!,
          async remove() {
            await stopChild(child);
            placed.delete(child);
            await waitFor('the reader to see the passport gone', () => !cardPresent());
          },
        };
      },
      async stop() {
        for (const child of placed) await stopChild(child);
        r.close();
        await stopChild(pcscd);
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
      },
    };
  } catch (e) {
    for (const child of placed) await stopChild(child);
    readers?.close();
    await stopChild(pcscd);
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    throw e;
  }
}
