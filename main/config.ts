// Kiosk configuration: defaults < <dataDir>/config.json < environment variables, validated by zod.
// With no provider credentials the kiosk runs in training mode against the embedded sandbox.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { SupervisorName } from '../shared/contract-supervisor';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { z } from 'zod';
import { DocumentType, ProviderId } from '../shared/domain';
import { MetricsConfigSchema, SiemConfigSchema } from './fleet/fleet-config';

const ZignSecConfig = z.object({
  /** API key sent as the `Authorization` header. Never logged, never sent to the renderer. */
  apiKey: z.string().min(1).optional(),
  environment: z.enum(['test', 'api']).default('test'),
  /** Overrides https://<environment>.zignsec.com (the sandbox uses this). */
  baseUrl: z.string().url().optional(),
  analysisTypes: z.array(z.enum(['document', 'selfie'])).default(['document']),
  target: z.string().url().optional(),
  targetError: z.string().url().optional(),
  webhook: z.string().url().optional(),
  flow: z
    .object({
      selfie_heading: z.string().optional(),
      steps: z
        .array(z.object({ type: z.enum(['SelectDocTypePage', 'UploadPage']), heading: z.string().optional(), ref: z.string().optional() }))
        .optional(),
      locale: z.string().optional(),
      default_country_code: z.string().optional(),
    })
    .optional(),
  doc: z
    .object({
      ignore_errors_in_fields: z.array(z.string()).optional(),
      verification_types: z.array(z.enum(['Mrz', 'Visual', 'Barcode', 'MrzVisual', 'MrzBarcode', 'VisualBarcode'])).optional(),
    })
    .optional(),
  /** Longest image side sent to the provider; larger images are downscaled (MRZ stays legible at 2000 px). */
  maxImageSide: z.number().int().min(800).max(8000).default(3000),
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /**
   * Offer ZignSec's own hosted capture page (`ui/analyses`) in a locked window as an alternative to
   * scanning at the kiosk. Off by default: it needs the network while the customer waits, and it shows
   * the customer a third-party page. Only the Electron host can open it. Absent = off.
   */
  assistedFlow: z.boolean().optional(),
  /** How long the customer may take on the hosted page before a supervisor is asked to look (default 1 h). */
  assistedTimeoutMs: z.number().int().min(1).optional(),
});

const ZolozConfig = z.object({
  clientId: z.string().min(1).optional(),
  /** Merchant private key (PEM or base64 DER) used to sign requests. */
  merchantPrivateKey: z.string().min(1).optional(),
  /** ZOLOZ public key (PEM or base64 DER) used to verify replies. */
  zolozPublicKey: z.string().min(1).optional(),
  /** AK/SK alternative to RSA signing. */
  accessKey: z.string().min(1).optional(),
  secretKey: z.string().min(1).optional(),
  authScheme: z.enum(['rsa', 'aksk']).default('rsa'),
  encrypt: z.boolean().default(false),
  environment: z.enum(['sandbox', 'sg', 'id', 'my', 'ph', 'hk', 'us']).default('sandbox'),
  baseUrl: z.string().url().optional(),
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /**
   * Offer ZOLOZ's own capture page (H5 mode: `initialize` with MOB_H5, then `checkresult`) in a locked
   * window as an alternative to scanning at the kiosk. Off by default, like ZignSec's; it also needs
   * `h5PageUrl`. Only the Electron host can open it. Absent = off.
   */
  assistedFlow: z.boolean().optional(),
  /** ZOLOZ's H5 capture page for this merchant (given by ZOLOZ at onboarding; the emulator's in training). https only. */
  h5PageUrl: z
    .string()
    .url()
    .refine((u) => URL.canParse(u) && new URL(u).protocol === 'https:', "ZOLOZ's H5 page must be an https:// address (the provider window opens nothing else).")
    .optional(),
  /** How long the customer may take on ZOLOZ's page before a supervisor is asked to look (default 1 h). */
  assistedTimeoutMs: z.number().int().min(1).optional(),
});

export const KioskConfigSchema = z.object({
  kioskId: z.string().min(1).max(64).default('kiosk-1'),
  dataDir: z.string().min(1),
  /** Forced training mode even when credentials exist (e.g. a staff training kiosk). */
  forceTraining: z.boolean().default(false),
  web: z
    .object({
      host: z.literal('127.0.0.1').default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(0),
    })
    .default({ host: '127.0.0.1', port: 0 }),
  providers: z
    .object({
      default: ProviderId.default('zignsec'),
      /** Provider per document type (and optionally per issuing country, see routing). */
      byDocumentType: z.partialRecord(DocumentType, ProviderId).default({}),
      byCountry: z.record(z.string().length(3), ProviderId).default({}),
      /** When a provider's circuit is open, route what the other can serve to it. Off by default. */
      failover: z.boolean().default(false),
      zignsec: ZignSecConfig.default(ZignSecConfig.parse({})),
      zoloz: ZolozConfig.default(ZolozConfig.parse({})),
    })
    .default(() => ({ default: 'zignsec' as const, byDocumentType: {}, byCountry: {}, failover: false, zignsec: ZignSecConfig.parse({}), zoloz: ZolozConfig.parse({}) })),
  sync: z
    .object({
      enabled: z.boolean().default(true),
      concurrency: z.number().int().min(1).max(8).default(2),
      /** Idle loop interval when nothing is due. */
      tickMs: z.number().int().min(10).default(500),
      backoffBaseMs: z.number().int().min(1).default(2_000),
      backoffCapMs: z.number().int().min(1).default(15 * 60_000),
      pollMinMs: z.number().int().min(1).default(2_000),
      pollMaxMs: z.number().int().min(1).default(30_000),
    })
    .default({ enabled: true, concurrency: 2, tickMs: 500, backoffBaseMs: 2_000, backoffCapMs: 900_000, pollMinMs: 2_000, pollMaxMs: 30_000 }),
  sandbox: z
    .object({
      /** How long the emulated analysis takes before it is Finished. */
      analysisDelayMs: z.number().int().min(0).default(1_500),
      port: z.number().int().min(0).max(65535).default(0),
    })
    .default({ analysisDelayMs: 1_500, port: 0 }),
  capture: z
    .object({
      sane: z.boolean().default(true),
      cameras: z.boolean().default(true),
      /** Specimen devices are listed in training mode; this lists them in live mode too (never in production). */
      specimenInLive: z.boolean().default(false),
      maxImageBytes: z.number().int().positive().default(20 * 1024 * 1024),
    })
    .default({ sane: true, cameras: true, specimenInLive: false, maxImageBytes: 20 * 1024 * 1024 }),
  teller: z
    .object({
      /** Minutes after its last change that a verification is still shown to the teller in full (then masked). */
      fullDataMinutes: z.number().min(0).max(24 * 60).default(15),
      /** Minutes without a touch before the teller's screen returns to start and wipes the customer's data (a warning comes 20 s before). */
      idleTimeoutMinutes: z.number().min(0.5).max(60).default(2),
    })
    .default({ fullDataMinutes: 15, idleTimeoutMinutes: 2 }),
  disk: z.object({ minFreeBytes: z.number().int().min(0).default(500 * 1024 * 1024) }).default({ minFreeBytes: 500 * 1024 * 1024 }),
  retention: z.object({ imageDays: z.number().int().min(0).default(30) }).default({ imageDays: 30 }),
  /**
   * Live encrypted backup of the outbox (main/store/backup.ts): `dir` on a second disk or a mounted
   * share (unset = no backup), a copy every `everyMinutes` and at clean shutdown, the last `keep` kept.
   * `integrityCheckHours`: how often SQLite's full integrity_check runs in the background.
   */
  backup: z
    .object({
      dir: z.string().min(1).optional(),
      everyMinutes: z.number().min(0.01).max(24 * 60).default(5),
      keep: z.number().int().min(1).max(1000).default(12),
      integrityCheckHours: z.number().min(0.001).max(24 * 30).default(24),
    })
    .default({ everyMinutes: 5, keep: 12, integrityCheckHours: 24 }),
  /** Supervisor review: login lockout, idle logout, four-eyes overrides, roster, health sampling. */
  review: z
    .object({
      /** Minutes the supervisor login stays locked after 5 wrong PINs in a row. */
      lockoutMinutes: z.number().min(0.01).max(24 * 60).default(15),
      /** Minutes without a supervisor action before the session ends by itself. */
      idleLogoutMinutes: z.number().min(0.05).max(8 * 60).default(5),
      /** Four-eyes rule: a second, different supervisor confirms every decision override. */
      fourEyes: z.boolean().default(false),
      /** Roster from configuration (pinHash from `npx tsx main/review/hash-pin.ts`); otherwise set up on first run. */
      supervisors: z
        .array(z.object({ name: SupervisorName, pinHash: z.string().regex(/^scrypt\$/, 'must be a hash made by main/review/hash-pin.ts') }))
        .optional(),
      /** How often the queue depth is sampled for the health dashboard. */
      sampleEveryMs: z.number().int().min(1_000).default(5 * 60_000),
    })
    .default({ lockoutMinutes: 15, idleLogoutMinutes: 5, fourEyes: false, sampleEveryMs: 5 * 60_000 }),
  /** On-device precheck: what submit does when the kiosk's own MRZ read finds a problem. */
  precheck: z
    .object({
      /** Expired document: refuse submit, or allow it with a reason the teller types (audited). */
      onExpired: z.enum(['block', 'allow_with_reason']).default('block'),
      /** MRZ not found or its check digits do not pass (passports and ID cards): refuse, reason, or allow. */
      onUnreadable: z.enum(['block', 'allow_with_reason', 'allow']).default('allow_with_reason'),
    })
    .default({ onExpired: 'block', onUnreadable: 'allow_with_reason' }),
  /** Reading the document's chip (docs/chip.md "Policy"). */
  chip: z
    .object({
      /**
       * off: no chip read (readers not listed); offer: the teller may read the chip; required: Submit is
       * refused for a passport, or an ID card with a machine-readable zone, until its chip was read and verified.
       */
      mode: z.enum(['off', 'offer', 'required']).default('offer'),
      /**
       * While the verification's provider cannot be reached, a verified chip that matches the printed MRZ is
       * shown to the teller as "chip verified on this kiosk" (audited). The verification still goes to the
       * provider, whose answer stays the outcome.
       */
      completeOnChipAlone: z.boolean().default(false),
      /**
       * A verified chip whose document signer's revocation is unknown (no CRL from its CSCA installed, or the
       * newest one past its next update). warn: it counts as verified (the teller's sentence says so when the
       * list has expired); refuse: it does not count as verified for chip.mode required (Submit refused with
       * its own sentence) nor for completeOnChipAlone, until the current CRL is installed and the chip read again.
       */
      revocationUnknown: z.enum(['warn', 'refuse']).default('warn'),
      /**
       * Send the face picture of a verified chip read to the provider. ZignSec receives it once, as an extra
       * `OtherDocument` JPEG after the captures; ZOLOZ has no field for it, so there it stays on the kiosk.
       */
      sendChipFace: z.boolean().default(false),
    })
    .default({ mode: 'offer', completeOnChipAlone: false, revocationUnknown: 'warn', sendChipFace: false }),
  /** Audit forwarding to the bank's SIEM (main/fleet/fleet-config.ts); absent = off. */
  siem: SiemConfigSchema.optional(),
  /** OpenMetrics endpoint and Pushgateway push (main/fleet/fleet-config.ts); absent = off. */
  metrics: MetricsConfigSchema.optional(),
});

export type KioskConfig = z.infer<typeof KioskConfigSchema>;
export type ZignSecConfig = z.infer<typeof ZignSecConfig>;
export type ZolozConfig = z.infer<typeof ZolozConfig>;

type Json = Record<string, unknown>;

/** Environment variables read on top of config.json (secrets usually come from here or from sealed storage). */
const ENV_MAP: Array<[name: string, path: string[], convert?: (v: string) => unknown]> = [
  ['KIOSK_ID', ['kioskId']],
  ['KIOSK_BACKUP_DIR', ['backup', 'dir']],
  ['KIOSK_WEB_PORT', ['web', 'port'], Number],
  ['KIOSK_TRAINING', ['forceTraining'], (v) => v === '1' || v === 'true'],
  ['ZIGNSEC_API_KEY', ['providers', 'zignsec', 'apiKey']],
  ['ZIGNSEC_ENVIRONMENT', ['providers', 'zignsec', 'environment']],
  ['ZIGNSEC_BASE_URL', ['providers', 'zignsec', 'baseUrl']],
  ['ZOLOZ_CLIENT_ID', ['providers', 'zoloz', 'clientId']],
  ['ZOLOZ_MERCHANT_PRIVATE_KEY', ['providers', 'zoloz', 'merchantPrivateKey']],
  ['ZOLOZ_PUBLIC_KEY', ['providers', 'zoloz', 'zolozPublicKey']],
  ['ZOLOZ_BASE_URL', ['providers', 'zoloz', 'baseUrl']],
  // The /metrics bearer token, kept out of config.json like the provider secrets (never logged).
  ['KIOSK_METRICS_TOKEN', ['metrics', 'token']],
];

function setPath(target: Json, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (node[key] = next && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Json;
  }
  node[path[path.length - 1]!] = value;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.KIOSK_DATA_DIR ?? join(homedir(), '.branch-id-kiosk'));
}

/**
 * Loads config for a data dir: `<dataDir>/config.json` (optional), then env, then `overrides`
 * (tests and hosts). Throws a readable error naming the bad field.
 */
export function loadConfig(options: { dataDir?: string; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {}): KioskConfig {
  const env = options.env ?? process.env;
  const dataDir = resolve(options.dataDir ?? defaultDataDir(env));
  const file = join(dataDir, 'config.json');
  let raw: Json = {};
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Json;
      else throw new Error('the top level must be an object');
    } catch (e) {
      throw new Error(`The kiosk configuration file ${file} is not valid: ${(e as Error).message}`, { cause: e });
    }
  }
  for (const [name, path, convert] of ENV_MAP) {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(raw, path, convert ? convert(v) : v);
  }
  const merged = deepMerge(raw, options.overrides ?? {});
  merged.dataDir = dataDir;
  const parsed = KioskConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`The kiosk configuration is invalid at "${issue.path.join('.')}": ${issue.message}`);
  }
  return parsed.data;
}

/** Training mode: forced, or no credentials for any provider. */
export function isTrainingMode(config: KioskConfig): boolean {
  if (config.forceTraining) return true;
  const z = config.providers.zignsec;
  const zo = config.providers.zoloz;
  const zolozConfigured = !!zo.clientId && (zo.authScheme === 'aksk' ? !!zo.accessKey && !!zo.secretKey : !!zo.merchantPrivateKey && !!zo.zolozPublicKey);
  return !z.apiKey && !zolozConfigured;
}

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function deepMerge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const prev = a[k];
    out[k] = isObject(v) && isObject(prev) ? deepMerge(prev, v) : v;
  }
  return out;
}

/** Keys whose values are secrets when they hold a non-empty string (API keys, private keys, tokens, PIN hashes). */
const SECRET_KEY = /key|secret|token|password|pinhash/i;

function holdsSecret(value: unknown, depth = 0): boolean {
  if (depth > 8 || !value || typeof value !== 'object') return false;
  return Object.entries(value as Json).some(([k, v]) => (SECRET_KEY.test(k) && typeof v === 'string' && v !== '') || holdsSecret(v, depth + 1));
}

/**
 * A supervisor-facing warning when `<dataDir>/config.json` holds secrets and other users may read or
 * change it (any group or other permission bit); null when it is fine, absent, or on Windows (where
 * the data folder's ACL decides).
 */
export function configFilePermissionWarning(dataDir: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') return null;
  const file = join(resolve(dataDir), 'config.json');
  if (!existsSync(file)) return null;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // loadConfig reports an unreadable file
  }
  if (!holdsSecret(raw)) return null;
  return `The configuration file ${file} holds provider secrets but other users of this computer can read it (mode ${mode.toString(8)}). Ask IT to make it readable by the kiosk account only (chmod 600).`;
}
