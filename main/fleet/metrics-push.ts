// For branches the central Prometheus cannot reach: the same series PUT to a Pushgateway on an
// interval (config metrics.push), grouped by job and kiosk id so each kiosk replaces only its own
// group. Text format 0.0.4, the one the Pushgateway parses. A failed push is logged and retried at
// the next interval; nothing waits for it.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KioskMetrics } from './kiosk-metrics';

export interface MetricsPushOptions {
  /** Base URL of the Pushgateway, e.g. "https://pushgateway.bank.internal:9091". */
  url: string;
  intervalMs: number;
  job: string;
  kioskId: string;
  metrics: KioskMetrics;
  log?: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
  timeoutMs?: number;
}

export interface MetricsPusher {
  /** One push now; resolves with the HTTP status. */
  pushNow(): Promise<number>;
  lastSuccessAt(): number | null;
  close(): Promise<void>;
}

/** `/metrics/job/<job>/kiosk_id/<id>`, values base64url-encoded where the Pushgateway needs it (RFC: "@base64"). */
export function groupPath(job: string, kioskId: string): string {
  const seg = (name: string, value: string) =>
    /^[A-Za-z0-9_.-]+$/.test(value) ? `${name}/${value}` : `${name}@base64/${Buffer.from(value, 'utf8').toString('base64url') || '='}`;
  return `/metrics/${seg('job', job)}/${seg('kiosk_id', kioskId)}`;
}

export function startMetricsPush(o: MetricsPushOptions): MetricsPusher {
  const base = new URL(o.url);
  const target = new URL(base.pathname.replace(/\/$/, '') + groupPath(o.job, o.kioskId), base);
  let last: number | null = null;
  let inFlight: Promise<number> | null = null;
  const pushOnce = async (): Promise<number> => {
    const { contentType, body } = await o.metrics.render('text');
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const req = send(target, { method: 'PUT', headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }, timeout: o.timeoutMs ?? 10_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d.slice(0, 2000)));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            last = Date.now();
            resolve(status);
          } else reject(new Error(`the Pushgateway answered ${status}: ${text.trim().slice(0, 300)}`));
        });
      });
      req.on('timeout', () => req.destroy(new Error('the Pushgateway did not answer in time')));
      req.on('error', reject);
      req.end(body);
    });
  };
  const pushNow = () => {
    inFlight ??= pushOnce().finally(() => (inFlight = null));
    return inFlight;
  };
  const timer = setInterval(() => {
    pushNow().catch((e: unknown) => o.log?.('warn', `metrics push to ${base.origin} failed`, e));
  }, o.intervalMs);
  return {
    pushNow,
    lastSuccessAt: () => last,
    close: async () => {
      clearInterval(timer);
      await inFlight?.catch(() => {});
    },
  };
}
