// Real servers for the fleet tests, each started by the test on a loopback port with a config written
// to a temp folder and stopped by its PID: rsyslogd (with rsyslog-gnutls), prometheus and
// prometheus-pushgateway from Debian. Certificates are made here with the openssl command line.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The first of `paths` that exists, or null (the reason a test skips). */
export function findBinary(...paths: string[]): string | null {
  for (const p of paths) if (existsSync(p)) return p;
  for (const name of paths.map((p) => p.split('/').pop()!)) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on the PATH
    }
  }
  return null;
}

export const RSYSLOGD = findBinary('/usr/sbin/rsyslogd');
/** rsyslog's TLS driver (package rsyslog-gnutls). */
export const RSYSLOG_GTLS = ['/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so', '/usr/lib/aarch64-linux-gnu/rsyslog/lmnsd_gtls.so', '/usr/lib/rsyslog/lmnsd_gtls.so'].find((p) => existsSync(p)) ?? null;
export const PROMETHEUS = findBinary('/usr/bin/prometheus');
export const PUSHGATEWAY = findBinary('/usr/bin/prometheus-pushgateway');
export const PROMTOOL = findBinary('/usr/bin/promtool');
export const OPENSSL = findBinary('/usr/bin/openssl');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Pki {
  caFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync(OPENSSL ?? 'openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, a server certificate for 127.0.0.1/localhost and a client certificate, all signed by that CA. */
export function makePki(dir: string, name = 'ca'): Pki {
  mkdirSync(dir, { recursive: true });
  const f = (n: string) => join(dir, n);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.pem`), '-days', '2', '-subj', `/CN=Test ${name}`], dir);
  const leaf = (leafName: string, cn: string, ext: string) => {
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f(`${leafName}.key`), '-out', f(`${leafName}.csr`), '-subj', `/CN=${cn}`], dir);
    writeFileSync(f(`${leafName}.ext`), ext);
    openssl(['x509', '-req', '-in', f(`${leafName}.csr`), '-CA', f(`${name}.pem`), '-CAkey', f(`${name}.key`), '-CAcreateserial', '-out', f(`${leafName}.pem`), '-days', '2', '-extfile', f(`${leafName}.ext`)], dir);
  };
  leaf(`${name}-server`, 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  leaf(`${name}-client`, 'kiosk-test', 'subjectAltName=DNS:kiosk-test\nextendedKeyUsage=clientAuth\n');
  return { caFile: f(`${name}.pem`), serverCert: f(`${name}-server.pem`), serverKey: f(`${name}-server.key`), clientCert: f(`${name}-client.pem`), clientKey: f(`${name}-client.key`) };
}

export interface RunningServer {
  pid: number;
  process: ChildProcess;
  output(): string;
  /** Stops by PID with `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function track(child: ChildProcess): RunningServer {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    process: child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
      await exited;
    },
  };
}

export async function waitFor<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function portOpen(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface RsyslogOptions {
  dir: string;
  port: number;
  pki: Pki;
  /** File the kiosk's messages are written to, one raw message per line. */
  outFile: string;
  appName: string;
}

/**
 * rsyslogd in the foreground, TLS (RFC 5425) on 127.0.0.1:<port>, client certificates required.
 * The main queue is "Direct": a message is written to the file by the thread that read it, before
 * that thread reads further, so what the collector has confirmed (by closing) is in the file even
 * if rsyslogd is then killed with SIGKILL.
 */
export async function startRsyslog(o: RsyslogOptions): Promise<RunningServer> {
  mkdirSync(join(o.dir, 'work'), { recursive: true });
  const conf = join(o.dir, 'rsyslog.conf');
  writeFileSync(
    conf,
    `global(
  workDirectory="${join(o.dir, 'work')}"
  maxMessageSize="64k"
  defaultNetstreamDriver="gtls"
  defaultNetstreamDriverCAFile="${o.pki.caFile}"
  defaultNetstreamDriverCertFile="${o.pki.serverCert}"
  defaultNetstreamDriverKeyFile="${o.pki.serverKey}"
)
main_queue(queue.type="Direct")
module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="x509/certvalid")
input(type="imtcp" port="${o.port}" address="127.0.0.1")
template(name="raw" type="string" string="%rawmsg%\\n")
if $app-name == "${o.appName}" then {
  action(type="omfile" file="${o.outFile}" template="raw" flushOnTXEnd="on" asyncWriting="off")
}
`,
  );
  const child = spawn(RSYSLOGD!, ['-n', '-f', conf, '-i', join(o.dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const server = track(child);
  await waitFor(`rsyslogd on port ${o.port}`, async () => {
    if (child.exitCode !== null) throw new Error(`rsyslogd exited: ${server.output()}`);
    return portOpen(o.port);
  });
  return server;
}

export function readLines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
}

export async function startPrometheus(dir: string, port: number, scrapeConfigYaml: string): Promise<RunningServer> {
  mkdirSync(join(dir, 'tsdb'), { recursive: true });
  const conf = join(dir, 'prometheus.yml');
  writeFileSync(conf, scrapeConfigYaml);
  const child = spawn(PROMETHEUS!, ['--config.file', conf, '--storage.tsdb.path', join(dir, 'tsdb'), '--web.listen-address', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const server = track(child);
  await waitFor(`prometheus on port ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${server.output()}`);
    const r = await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => null);
    return r?.ok ?? false;
  });
  return server;
}

export async function startPushgateway(port: number): Promise<RunningServer> {
  const child = spawn(PUSHGATEWAY!, ['--web.listen-address', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const server = track(child);
  await waitFor(`pushgateway on port ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`pushgateway exited: ${server.output()}`);
    const r = await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => null);
    return r?.ok ?? false;
  });
  return server;
}

/**
 * Bytes waiting unread in the receive queues of open TCP connections to local `port`
 * (/proc/net/tcp and tcp6: the kernel's rx_queue), e.g. a batch a stopped collector has not read.
 */
export function unreadBytesAt(port: number): number {
  let most = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // 01 ESTABLISHED; 08 CLOSE_WAIT: the kiosk sent its close after the batch, the collector has not read it yet.
      if (f.length < 5 || (f[3] !== '01' && f[3] !== '08')) continue;
      const localPort = parseInt(f[1]!.split(':').pop()!, 16);
      if (localPort !== port) continue;
      most = Math.max(most, parseInt(f[4]!.split(':')[1]!, 16));
    }
  }
  return most;
}
