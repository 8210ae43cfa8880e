import { describe, expect, it } from 'vitest';
import { CALL_NAMES, EVENT_NAMES } from '../../../shared/contract';
import { KioskError } from '../../../main/errors';
import { KioskEvents } from '../../../main/events';
import { FORBIDDEN_RESULT, callChannel, eventChannel, isTrustedSender, registerIpc, type IpcMainLike, type WindowLike } from '../../../main/electron/ipc';
import { FakeIpcMain, FakeWebContents, FakeWindow } from './fakes';
import { recordingService, validRequest } from './ipc-helpers';

function setup(impl?: Parameters<typeof recordingService>[0]) {
  const ipc = new FakeIpcMain();
  const events = new KioskEvents();
  const win = new FakeWindow();
  let current: FakeWindow | null = win;
  const { service, calls } = recordingService(impl);
  const logs: string[] = [];
  const unregister = registerIpc(ipc as unknown as IpcMainLike, service, events, () => current as unknown as WindowLike | null, (level, message) => logs.push(`${level} ${message}`));
  const trusted = () => ({ senderFrame: win.webContents.mainFrame, sender: win.webContents });
  return { ipc, events, win, calls, logs, unregister, trusted, setWindow: (w: FakeWindow | null) => (current = w) };
}

describe('registerIpc', () => {
  it('registers exactly one kiosk:<call> handler per contract call', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(CALL_NAMES.map((n) => `kiosk:${n}`).sort());
  });

  it('runs a valid request from the kiosk main frame and returns { ok, value }', async () => {
    const { ipc, calls, trusted } = setup();
    for (const name of CALL_NAMES) {
      const request = validRequest(name);
      expect(await ipc.invoke(callChannel(name), trusted(), request)).toEqual({ ok: true, value: { echoed: name } });
      expect(calls.at(-1)).toEqual({ name, request });
    }
    expect(calls).toHaveLength(CALL_NAMES.length);
  });

  it('refuses a sub-frame, another window, a navigated-away frame, a destroyed frame and a closed window', async () => {
    const { ipc, calls, win, setWindow } = setup();
    const other = new FakeWindow(new FakeWebContents());
    const senders = [
      { senderFrame: { url: 'app://kiosk/index.html', parent: win.webContents.mainFrame }, sender: win.webContents },
      { senderFrame: other.webContents.mainFrame, sender: other.webContents },
      { senderFrame: null, sender: win.webContents },
      { senderFrame: win.webContents.mainFrame, sender: other.webContents },
      {},
    ];
    for (const event of senders) expect(await ipc.invoke('kiosk:getStatus', event, {})).toEqual(FORBIDDEN_RESULT);

    win.webContents.mainFrame.url = 'https://evil.example/';
    expect(await ipc.invoke('kiosk:getStatus', { senderFrame: win.webContents.mainFrame, sender: win.webContents }, {})).toEqual(FORBIDDEN_RESULT);
    win.webContents.mainFrame.url = 'app://kiosk/index.html';

    win.destroyed = true;
    expect(await ipc.invoke('kiosk:getStatus', { senderFrame: win.webContents.mainFrame, sender: win.webContents }, {})).toEqual(FORBIDDEN_RESULT);
    win.destroyed = false;
    setWindow(null);
    expect(await ipc.invoke('kiosk:getStatus', { senderFrame: win.webContents.mainFrame, sender: win.webContents }, {})).toEqual(FORBIDDEN_RESULT);
    expect(calls).toHaveLength(0);
  });

  it('refuses any argument count but one', async () => {
    const { ipc, calls, trusted } = setup();
    expect(await ipc.invoke('kiosk:getStatus', trusted())).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await ipc.invoke('kiosk:getStatus', trusted(), {}, {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(calls).toHaveLength(0);
  });

  it("passes a KioskError's code and sentence, and hides any other error behind a generic sentence", async () => {
    const { ipc, trusted, logs } = setup({
      submit: async () => {
        throw new KioskError('conflict', 'This verification was already submitted. Start a new one.');
      },
      getStatus: async () => {
        throw new Error('SQLITE_CORRUPT at /home/kiosk/data/kiosk.db key=abc');
      },
    });
    expect(await ipc.invoke('kiosk:submit', trusted(), validRequest('submit'))).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'This verification was already submitted. Start a new one.' },
    });
    const r = (await ipc.invoke('kiosk:getStatus', trusted(), {})) as { ok: false; error: { code: string; message: string } };
    expect(r.error.code).toBe('internal');
    expect(r.error.message).not.toMatch(/SQLITE|kiosk\.db|key=/);
    expect(logs.some((l) => l.startsWith('error'))).toBe(true);
  });

  it('forwards contract events to the kiosk window on kiosk:event:<name>', () => {
    const { events, win } = setup();
    const counts = { waiting: 1, inFlight: 0, needsAttention: 0, failed: 0, done: 3 };
    events.emit('queueChanged', counts as never);
    expect(win.webContents.sent).toEqual([{ channel: 'kiosk:event:queueChanged', payload: counts }]);
    expect(EVENT_NAMES.map(eventChannel)).toContain('kiosk:event:verificationUpdated');
  });

  it('sends nothing to a destroyed window and everything stops after unregister', async () => {
    const { events, win, unregister, ipc } = setup();
    win.webContents.destroyed = true;
    events.emit('queueChanged', {} as never);
    expect(win.webContents.sent).toHaveLength(0);
    win.webContents.destroyed = false;
    unregister();
    events.emit('queueChanged', {} as never);
    expect(win.webContents.sent).toHaveLength(0);
    expect(ipc.handlers.size).toBe(0);
  });

  it('isTrustedSender does not accept a look-alike frame object with the same url', () => {
    const win = new FakeWindow();
    const lookAlike = { ...win.webContents.mainFrame };
    expect(isTrustedSender({ senderFrame: lookAlike, sender: win.webContents }, win as unknown as WindowLike)).toBe(false);
    expect(isTrustedSender({ senderFrame: win.webContents.mainFrame, sender: win.webContents }, win as unknown as WindowLike)).toBe(true);
  });
});
