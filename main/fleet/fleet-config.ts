// config.json sections of fleet operation, both off by default:
// - `siem`: audit forwarding to the bank's log collector, RFC 5424 over TLS (RFC 5425);
// - `metrics`: the OpenMetrics endpoint for Prometheus and an optional Pushgateway push.
import { z } from 'zod';

const file = z.string().min(1);

export const SiemConfigSchema = z
  .object({
    host: z.string().min(1).max(253),
    /** RFC 5425's port is 6514. */
    port: z.number().int().min(1).max(65535).default(6514),
    /** PEM of the CA(s) that sign the collector's certificate (only these are trusted). */
    caFile: file,
    /** Client certificate and key, when the collector authenticates kiosks (mutual TLS). */
    certFile: file.optional(),
    keyFile: file.optional(),
    /** APP-NAME of every message (RFC 5424: 1-48 printable US-ASCII). */
    appName: z.string().regex(/^[\x21-\x7e]{1,48}$/, 'must be 1-48 printable US-ASCII characters without spaces').default('branch-id-kiosk'),
    /** Syslog facility 0-23; 13 is "log audit". */
    facility: z.number().int().min(0).max(23).default(13),
    /**
     * IANA private enterprise number in the SD-ID (`audit@<n>`). 32473 is the number RFC 5612
     * reserves for documentation; a bank with its own number can set it.
     */
    enterpriseId: z.number().int().min(1).default(32473),
    batchSize: z.number().int().min(1).max(5000).default(250),
    /** Upper bound of the drain rate after days offline. */
    maxRowsPerSecond: z.number().int().min(1).max(100_000).default(500),
    backlogAlertRows: z.number().int().min(1).default(10_000),
    alertAfterFailures: z.number().int().min(1).default(3),
    connectTimeoutMs: z.number().int().min(100).default(10_000),
    settleMs: z.number().int().min(0).max(10_000).default(200),
    confirmTimeoutMs: z.number().int().min(100).default(15_000),
    retryBaseMs: z.number().int().min(10).default(2_000),
    retryCapMs: z.number().int().min(10).default(5 * 60_000),
    idlePollMs: z.number().int().min(10).default(2_000),
  })
  .refine((s) => (s.certFile === undefined) === (s.keyFile === undefined), { message: 'certFile and keyFile must be given together', path: ['keyFile'] });

export const MetricsConfigSchema = z
  .object({
    /** "<address>:<port>" of the /metrics listener, e.g. "0.0.0.0:9464"; absent: no listener. */
    listen: z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):\d{1,5}$/, 'must be "<address>:<port>"').optional(),
    /** Bearer token the scraper sends (at least 16 characters). Never logged. */
    token: z.string().min(16).optional(),
    tlsCertFile: file.optional(),
    tlsKeyFile: file.optional(),
    push: z
      .object({
        url: z.string().url(),
        intervalSeconds: z.number().int().min(5).default(60),
        job: z.string().min(1).default('branch-id-kiosk'),
      })
      .optional(),
  })
  .refine((m) => m.listen === undefined || m.token !== undefined, { message: 'a token is required when listen is set', path: ['token'] })
  .refine((m) => (m.tlsCertFile === undefined) === (m.tlsKeyFile === undefined), { message: 'tlsCertFile and tlsKeyFile must be given together', path: ['tlsKeyFile'] });

export type SiemConfig = z.infer<typeof SiemConfigSchema>;
export type MetricsConfig = z.infer<typeof MetricsConfigSchema>;
