// IPC fuzzing: thousands of random and hostile payloads against every handler. Each payload goes
// through structuredClone first, as Electron's IPC does. None may reach the service; each must get
// a clear { ok: false } result. A control run proves valid payloads do reach it (so this can fail).
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, calls, type CallName } from '../../../shared/contract';
import { KioskEvents } from '../../../main/events';
import { callChannel, registerIpc, type IpcMainLike, type WindowLike } from '../../../main/electron/ipc';
import { FakeIpcMain, FakeWebContents, FakeWindow } from './fakes';
import { recordingService, validRequest } from './ipc-helpers';
import { seededRandom } from '../../../shared/seeded-random';

const PER_CALL = 800;
const SENDER_CASES_PER_CALL = 150;

/** Small deterministic PRNG so a failure reproduces (seed printed on failure). */
const HUGE = 'A'.repeat(512 * 1024); // far above every max() in the contract
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString', 'hasOwnProperty', 'valueOf'];

function makeGenerator(seed: number) {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const randomString = () => {
    const len = pick([0, 1, 5, 37, 129, 201, 4096]);
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(rnd() * 0xffff));
    return s;
  };
  const wrongScalars: unknown[] = [
    null, undefined, 0, -1, 1.5, NaN, Infinity, -Infinity, true, false, '', ' ', HUGE, 10n, new Date(0), [], [1, 2], {},
    new Uint8Array(16), new Map([['a', 1]]), new Set([1]), /re/g, new Error('x'), '../../etc/passwd', '<script>alert(1)</script>',
    "'; DROP TABLE verifications; --", '\u0000', '%00', 'null', '1e309',
  ];
  const nonObjects: unknown[] = [undefined, null, 0, 1, -0, NaN, 'x', HUGE, true, [], [{}], 7n, new Date(), new Uint8Array(8), new Map(), new Set()];

  /**
   * A payload that is invalid for `name`: built to be wrong, and re-drawn in the rare case a wrong
   * scalar happens to be a valid value (e.g. `true` for a boolean field).
   */
  return (name: CallName): unknown => {
    for (let tries = 0; tries < 20; tries++) {
      const payload = draw(name);
      if (!calls[name].request.safeParse(payload).success) return payload;
    }
    return pick(nonObjects);
  };

  function draw(name: CallName): unknown {
    const base = validRequest(name);
    const keys = Object.keys(base);
    switch (Math.floor(rnd() * 6)) {
      case 0: // not an object at all
        return pick(nonObjects);
      case 1: {
        // an unknown key, often a prototype-pollution key as an OWN property
        const key = rnd() < 0.6 ? pick(POLLUTION_KEYS) : randomString() || 'extra';
        const safeKey = [...key].map((ch) => (ch === '"' || ch === '\\' || ch.charCodeAt(0) < 0x20 || (ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff) ? '_' : ch)).join('');
        const json = `{"${safeKey}": {"polluted": true, "isAdmin": true}}`;
        const extra = JSON.parse(json) as Record<string, unknown>;
        const out = { ...base };
        for (const k of Object.keys(extra)) if (k in base) return pick(nonObjects); // collision: fall back
        Object.defineProperty(out, Object.keys(extra)[0]!, { value: extra[Object.keys(extra)[0]!], enumerable: true, configurable: true, writable: true });
        return out;
      }
      case 2: {
        // a required field with a wrong type / value
        if (keys.length === 0) return { [pick(POLLUTION_KEYS)]: pick(wrongScalars) };
        const key = pick(keys);
        const bad = pick(wrongScalars);
        if (key === 'limit' && typeof bad === 'number' && Number.isInteger(bad) && bad >= 1 && bad <= 200) return { ...base, limit: 0 };
        if ((key === 'provider' || key === 'state') && bad === undefined) return { ...base, [key]: null };
        // Device ids are free-form tokens: a plain string may be a valid one, so make it invalid.
        if (key === 'deviceId' && typeof bad === 'string') return { ...base, deviceId: `${bad} <bad>` };
        return { ...base, [key]: bad };
      }
      case 3: {
        // a huge or random string where a constrained value is expected
        if (keys.length === 0) return { extra: HUGE };
        const key = pick(keys);
        if (key === 'limit') return { ...base, limit: pick([0, -5, 201, 1e9, 2.5]) };
        return { ...base, [key]: rnd() < 0.5 ? HUGE : `${randomString()}\u0000${HUGE.slice(0, 300)}` };
      }
      case 4: // a required field missing (or, for empty requests, an array in place of the object)
        if (name === 'startVerification') return { provider: 'zignsec' };
        if (keys.length === 0) return [base];
        return Object.fromEntries(Object.entries(base).filter(([k]) => k !== keys.find((x) => x !== 'provider' && x !== 'state')));
      default: {
        // deeply nested garbage
        let nested: unknown = { [pick(POLLUTION_KEYS)]: 1 };
        for (let i = 0; i < 200; i++) nested = { a: nested, b: [nested] };
        return { ...base, nested };
      }
    }
  }
}

function setup() {
  const ipc = new FakeIpcMain();
  const win = new FakeWindow();
  const { service, calls } = recordingService();
  registerIpc(ipc as unknown as IpcMainLike, service, new KioskEvents(), () => win as unknown as WindowLike);
  return { ipc, win, calls, trusted: { senderFrame: win.webContents.mainFrame, sender: win.webContents } };
}

type Failure = { ok: false; error: { code: string; message: string } };

function expectClearError(result: unknown, codes: string[]) {
  const r = result as Failure;
  expect(r.ok).toBe(false);
  expect(codes).toContain(r.error.code);
  expect(typeof r.error.message).toBe('string');
  expect(r.error.message.length).toBeGreaterThan(10);
  expect(r.error.message.length).toBeLessThan(300); // never echoes the (possibly huge) payload
  expect(r.error.message).toMatch(/[.!]$/); // a sentence
}

describe('IPC fuzzing', () => {
  const seed = Number(process.env.KIOSK_FUZZ_SEED ?? 20261122);

  it(`${PER_CALL * CALL_NAMES.length} hostile payloads from the trusted frame: none reaches the service (seed ${seed})`, async () => {
    const { ipc, calls, trusted } = setup();
    const generate = makeGenerator(seed);
    let sent = 0;
    for (const name of CALL_NAMES) {
      for (let i = 0; i < PER_CALL; i++) {
        const payload = structuredClone(generate(name));
        const result = await ipc.invoke(callChannel(name), trusted, payload);
        if (calls.length) throw new Error(`payload reached the service: ${name} ${JSON.stringify(calls[0]!.request, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 300)}`);
        expectClearError(result, ['bad_request']);
        sent++;
      }
    }
    expect(sent).toBe(PER_CALL * CALL_NAMES.length);
    expect(calls).toHaveLength(0);
    // Nothing leaked into shared prototypes.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // Tens of thousands of payloads through every schema: a volume test, so its limit is generous;
    // how fast invalid payloads are refused is measured by the security-fuzz bench, not here.
  }, 180_000);

  it(`${SENDER_CASES_PER_CALL * CALL_NAMES.length} VALID payloads from wrong senders: all forbidden, none reaches the service`, async () => {
    const { ipc, calls, win } = setup();
    const rnd = seededRandom(seed + 1);
    const other = new FakeWindow(new FakeWebContents());
    const urls = ['https://evil.example/', 'file:///etc/passwd', 'app://kiosk.evil/', 'data:text/html,x', 'about:blank', 'http://127.0.0.1/'];
    const makeSender = () => {
      switch (Math.floor(rnd() * 6)) {
        case 0:
          return { senderFrame: { url: 'app://kiosk/index.html', parent: win.webContents.mainFrame }, sender: win.webContents };
        case 1:
          return { senderFrame: other.webContents.mainFrame, sender: other.webContents };
        case 2:
          return { senderFrame: null, sender: win.webContents };
        case 3:
          return { senderFrame: { ...win.webContents.mainFrame }, sender: win.webContents };
        case 4:
          return { senderFrame: { url: urls[Math.floor(rnd() * urls.length)]!, parent: null }, sender: win.webContents };
        default:
          return { senderFrame: win.webContents.mainFrame, sender: other.webContents };
      }
    };
    for (const name of CALL_NAMES) {
      for (let i = 0; i < SENDER_CASES_PER_CALL; i++) {
        expectClearError(await ipc.invoke(callChannel(name), makeSender(), validRequest(name)), ['forbidden']);
      }
    }
    expect(calls).toHaveLength(0);
  });

  it('control: the same handlers DO pass valid payloads from the trusted frame to the service', async () => {
    const { ipc, calls, trusted } = setup();
    for (const name of CALL_NAMES) expect(await ipc.invoke(callChannel(name), trusted, structuredClone(validRequest(name)))).toMatchObject({ ok: true });
    expect(calls.map((c) => c.name)).toEqual(CALL_NAMES);
  });
});
