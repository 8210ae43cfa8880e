// Starts a real kiosk core (encrypted store in a temp data dir, training sandboxes, real devices)
// and, optionally, the web host in front of it. Used by integration and e2e tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../main/config';
import { createKiosk, type Kiosk, type KioskOptions } from '../../main/kiosk';
import { loadOrCreateKeyFile } from '../../main/store/keyfile';
import { startWebHost, type WebHost } from '../../main/web/server';
import type { Verification } from '../../shared/domain';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface Harness {
  dataDir: string;
  kiosk: Kiosk;
  web: WebHost | null;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    web?: boolean;
    overrides?: Record<string, unknown>;
    dataDir?: string;
    keepDataDir?: boolean;
    /** e.g. `specimen`: which specimen documents the training devices produce. */
    kioskOptions?: Omit<KioskOptions, 'dbKey'>;
  } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-test-'));
  const config = loadConfig({
    dataDir,
    env: {}, // never pick up a developer's real credentials
    overrides: {
      sandbox: { analysisDelayMs: 300 },
      sync: { tickMs: 50, pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100 },
      // The SANE test scanner's patterns carry no MRZ; tests about other things submit them
      // without the teller's override reason. Tests of the precheck policy pass their own `precheck`.
      precheck: { onUnreadable: 'allow' },
      ...options.overrides,
    },
  });
  const kiosk = await createKiosk(config, { ...options.kioskOptions, dbKey: loadOrCreateKeyFile(dataDir) });
  const web = options.web
    ? await startWebHost({ service: kiosk.service, events: kiosk.events, dataDir, rendererDir: join(REPO_ROOT, 'out/renderer') })
    : null;
  return {
    dataDir,
    kiosk,
    web,
    close: async () => {
      await web?.close();
      await kiosk.close();
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}

/** Polls the kiosk until verification `id` reaches a final state (up to 400 × 50 ms); throws when it never does. */
export async function waitForFinal(h: Harness, id: string): Promise<Verification> {
  for (let i = 0; i < 400; i++) {
    const v = await h.kiosk.service.getVerification({ id });
    if (['accepted', 'declined', 'failed', 'needs_attention'].includes(v.state)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the verification never reached a final state');
}

/** A kiosk call's JSON reply through the web host: its value, or the refusal with its code and sentence. */
export type KioskReply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; sentence?: { key: string } } };

/** Calls the kiosk API through the web host as the renderer does (with its token header): the HTTP status and the reply. */
export async function callKiosk(h: Harness, name: string, request: unknown): Promise<{ status: number; json: KioskReply }> {
  if (!h.web) throw new Error('callKiosk needs the harness started with web: true');
  const res = await fetch(`${h.web.url}api/kiosk/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-token': h.web.token },
    body: JSON.stringify(request),
  });
  return { status: res.status, json: (await res.json()) as KioskReply };
}

/** The value of a reply that must not be a refusal. */
export function valueOf<T>(r: KioskReply): T {
  if (!r.ok) throw new Error(`call refused: ${r.error.message}`);
  return r.value as T;
}
