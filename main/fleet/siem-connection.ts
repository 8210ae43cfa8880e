// One confirmed delivery to a syslog-over-TLS collector (RFC 5425): connect, send the frames, then
// close our side (TLS close_notify, then FIN) and wait for the collector to close its side. A TCP
// acknowledgement only says the bytes reached the collector's kernel; the collector closes after it
// has read everything before our close_notify (the stream is ordered), so its close is the receipt.
// Anything else (reset, timeout, TLS error) means "not confirmed": the caller sends the batch again.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import tls from 'node:tls';

export interface SiemTarget {
  host: string;
  port: number;
  caFile: string;
  certFile?: string | undefined;
  keyFile?: string | undefined;
}

export type DeliveryFailureKind = 'certificate' | 'unreachable' | 'unconfirmed' | 'config';

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly kind: DeliveryFailureKind,
    message: string,
    readonly code: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DeliveryTimeouts {
  /** TCP + TLS handshake. */
  connectMs: number;
  /**
   * Quiet time after the handshake before anything is sent. A collector that refuses the kiosk after
   * the handshake (rsyslog checks the client certificate only then) closes within it; without this
   * wait its close could be taken for the receipt of a batch it never read.
   */
  settleMs: number;
  /** From our close_notify to the collector's close. */
  confirmMs: number;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EADDRNOTAVAIL']);

/** Certificate problems on either side: ours refusing theirs, or their TLS alert refusing ours. */
function isCertificateError(code: string | null, message: string): boolean {
  if (code && /CERT|UNABLE_TO_VERIFY|SELF_SIGNED|UNKNOWN_CA|ALTNAME|HOSTNAME_MISMATCH|UNABLE_TO_GET_ISSUER/.test(code)) return true;
  return /certificate|unknown ca/i.test(message);
}

export function classify(e: unknown, phase: 'connect' | 'confirm'): DeliveryError {
  if (e instanceof DeliveryError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : null;
  const message = err?.message ?? String(e);
  if (isCertificateError(code, message)) return new DeliveryError('certificate', `the collector's TLS certificate check failed: ${message}`, code, { cause: e });
  if (code && UNREACHABLE.has(code)) return new DeliveryError('unreachable', `the collector could not be reached: ${message}`, code, { cause: e });
  return new DeliveryError(phase === 'connect' ? 'unreachable' : 'unconfirmed', `${phase === 'connect' ? 'the connection to the collector failed' : 'the collector did not confirm the batch'}: ${message}`, code, { cause: e });
}

function readTlsFiles(t: SiemTarget): { ca: Buffer; cert?: Buffer; key?: Buffer } {
  // Read at every connection: a rotated certificate is picked up without a restart.
  const read = (what: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new DeliveryError('config', `the SIEM ${what} file ${file} cannot be read: ${(e as Error).message}`, (e as NodeJS.ErrnoException).code ?? null, { cause: e });
    }
  };
  if ((t.certFile === undefined) !== (t.keyFile === undefined)) throw new DeliveryError('config', 'siem.certFile and siem.keyFile must be given together', null);
  return {
    ca: read('CA certificate', t.caFile),
    ...(t.certFile ? { cert: read('client certificate', t.certFile) } : {}),
    ...(t.keyFile ? { key: read('client key', t.keyFile) } : {}),
  };
}

/** Sends `payload` (RFC 5425 frames) over a fresh TLS connection; resolves once the collector confirmed it. */
export function deliverConfirmed(target: SiemTarget, payload: Buffer, timeouts: DeliveryTimeouts, signal?: AbortSignal): Promise<void> {
  let files: ReturnType<typeof readTlsFiles>;
  try {
    files = readTlsFiles(target);
  } catch (e) {
    return Promise.reject(e as Error);
  }
  return new Promise<void>((resolve, reject) => {
    let phase: 'connect' | 'settle' | 'confirm' = 'connect';
    let settled = false;
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      ...(isIP(target.host) ? {} : { servername: target.host }),
      ...files,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
    });
    const finish = (e: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (e === null) resolve();
      else reject(classify(e, phase === 'confirm' ? 'confirm' : 'connect'));
    };
    let timer = setTimeout(() => finish(new DeliveryError('unreachable', `no TLS connection to ${target.host}:${target.port} within ${timeouts.connectMs} ms`, 'ETIMEDOUT')), timeouts.connectMs);
    const onAbort = () => finish(new DeliveryError('unconfirmed', 'forwarding stopped before the collector confirmed the batch', 'ABORT_ERR'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('close', () => signal?.removeEventListener('abort', onAbort));
    const send = () => {
      phase = 'confirm';
      timer = setTimeout(() => finish(new DeliveryError('unconfirmed', `the collector did not close the connection within ${timeouts.confirmMs} ms of our close`, 'ETIMEDOUT')), timeouts.confirmMs);
      socket.write(payload);
      socket.end(); // close_notify and FIN after the frames
    };
    socket.once('secureConnect', () => {
      phase = 'settle';
      clearTimeout(timer);
      timer = setTimeout(send, timeouts.settleMs);
    });
    const refused = () =>
      new DeliveryError('certificate', 'the collector closed the connection right after the TLS handshake: it does not accept this kiosk (check the client certificate it expects)', 'ECONNRESET');
    // The peer's close_notify/FIN after ours: it has read everything we sent before it.
    socket.once('end', () => finish(phase === 'confirm' ? null : phase === 'settle' ? refused() : new DeliveryError('unreachable', 'the collector closed the connection during the TLS handshake', null)));
    socket.once('error', (e) => finish(phase === 'settle' ? refused() : e));
    socket.once('close', () => finish(phase === 'settle' ? refused() : new DeliveryError(phase === 'connect' ? 'unreachable' : 'unconfirmed', 'the collector closed the connection without confirming the batch', null)));
  });
}
