// @vitest-environment happy-dom
// The renderer's other two hooks around the kiosk API: useKioskStatus (first read at once, a poll
// every STATUS_POLL_MS, queue events applied at once and followed by one full re-read, nothing
// after unmount) and useKioskCall (busy under a key, error kept, value handed on). The API is a
// scripted object in place of the IPC / HTTP bridge: what is tested is the hook's bookkeeping.
import { act, createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { reactRootPerTest } from './react-root';
import { useKioskCall, useKioskStatus } from '../../../renderer/src/app/hooks';
import { STATUS_FOLLOW_UP_MS, STATUS_POLL_MS } from '../../../renderer/src/app/settings';
import type { KioskApi, KioskErrorShape, Result } from '../../../shared/contract';
import type { KioskStatus } from '../../../shared/domain';

type Queue = KioskStatus['queue'];
const queue = (waiting: number): Queue => ({ waiting, inFlight: 0, needsAttention: 0, failed: 0, oldestWaitingAt: null, lastSyncAt: null, nextAttemptAt: null });
const status = (n: number): KioskStatus => ({ mode: 'training', kioskId: `k-${n}`, online: true, providers: [], devices: [], queue: queue(0), version: '0.1.0' });
const offline: KioskErrorShape = { code: 'internal', message: 'The kiosk is not answering.' };

/** A kiosk API whose getStatus answers from a script and whose queueChanged listeners the test fires. */
function scriptedKiosk(answers: Array<Result<KioskStatus>>) {
  let calls = 0;
  const listeners = new Set<(q: Queue) => void>();
  let unsubscribed = 0;
  const api = {
    getStatus: async () => answers[Math.min(calls++, answers.length - 1)]!,
    on: (event: string, listener: (q: Queue) => void) => {
      if (event !== 'queueChanged') return () => undefined;
      listeners.add(listener);
      return () => {
        unsubscribed++;
        listeners.delete(listener);
      };
    },
  } as unknown as KioskApi;
  return { api, calls: () => calls, emit: (q: Queue) => listeners.forEach((l) => l(q)), listeners: () => listeners.size, unsubscribed: () => unsubscribed };
}

let seenStatus: ReturnType<typeof useKioskStatus>;
let seenCall: ReturnType<typeof useKioskCall>;

function StatusProbe(props: { kiosk: KioskApi }) {
  seenStatus = useKioskStatus(props.kiosk);
  return null;
}
function CallProbe() {
  seenCall = useKioskCall();
  return null;
}

const flush = (ms = 0) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));

const view = reactRootPerTest();

describe('useKioskStatus', () => {
  it('reads the status at once, then every poll interval', async () => {
    const k = scriptedKiosk([{ ok: true, value: status(1) }, { ok: true, value: status(2) }, { ok: true, value: status(3) }]);
    act(() => view.root.render(createElement(StatusProbe, { kiosk: k.api })));
    await flush();
    expect(k.calls()).toBe(1);
    expect(seenStatus).toEqual({ status: status(1), error: null });
    await flush(STATUS_POLL_MS - 1);
    expect(k.calls()).toBe(1);
    await flush(1);
    expect(k.calls()).toBe(2);
    expect(seenStatus.status?.kioskId).toBe('k-2');
    await flush(STATUS_POLL_MS);
    expect(k.calls()).toBe(3);
    expect(STATUS_POLL_MS).toBe(15_000);
  });

  it('keeps the last status and shows the error when a read fails; the next good read clears it', async () => {
    const k = scriptedKiosk([{ ok: true, value: status(1) }, { ok: false, error: offline }, { ok: true, value: status(3) }]);
    act(() => view.root.render(createElement(StatusProbe, { kiosk: k.api })));
    await flush();
    await flush(STATUS_POLL_MS);
    expect(seenStatus).toEqual({ status: status(1), error: offline });
    await flush(STATUS_POLL_MS);
    expect(seenStatus).toEqual({ status: status(3), error: null });
  });

  it('applies a queue event at once and re-reads the whole status once, STATUS_FOLLOW_UP_MS later, for a burst', async () => {
    const k = scriptedKiosk([{ ok: true, value: status(1) }, { ok: true, value: status(2) }]);
    act(() => view.root.render(createElement(StatusProbe, { kiosk: k.api })));
    await flush();
    act(() => k.emit(queue(4)));
    expect(seenStatus.status).toEqual({ ...status(1), queue: queue(4) });
    act(() => k.emit(queue(5)));
    expect(seenStatus.status?.queue.waiting).toBe(5);
    await flush(STATUS_FOLLOW_UP_MS - 1);
    expect(k.calls()).toBe(1);
    await flush(1);
    expect(k.calls()).toBe(2); // one follow-up for both events
    expect(seenStatus.status?.kioskId).toBe('k-2');
    act(() => k.emit(queue(6)));
    await flush(STATUS_FOLLOW_UP_MS);
    expect(k.calls()).toBe(3); // a later event gets its own follow-up
    expect(STATUS_FOLLOW_UP_MS).toBe(1_000);
  });

  it('a queue event before the first status does not invent one', async () => {
    const k = scriptedKiosk([{ ok: false, error: offline }]);
    act(() => view.root.render(createElement(StatusProbe, { kiosk: k.api })));
    await flush();
    act(() => k.emit(queue(4)));
    expect(seenStatus).toEqual({ status: null, error: offline });
  });

  it('stops polling, listening and any pending follow-up when unmounted', async () => {
    const k = scriptedKiosk([{ ok: true, value: status(1) }]);
    act(() => view.root.render(createElement(StatusProbe, { kiosk: k.api })));
    await flush();
    act(() => k.emit(queue(4)));
    expect(k.listeners()).toBe(1);
    act(() => view.root.render(createElement('div')));
    expect(k.unsubscribed()).toBe(1);
    expect(k.listeners()).toBe(0);
    await flush(STATUS_POLL_MS * 3);
    expect(k.calls()).toBe(1);
  });
});

describe('useKioskStatus with another kiosk API', () => {
  it('switches to the new API, and a late answer from the old one is dropped', async () => {
    let answerOld!: (r: Result<KioskStatus>) => void;
    const old = { getStatus: () => new Promise<Result<KioskStatus>>((resolve) => (answerOld = resolve)), on: () => () => undefined } as unknown as KioskApi;
    act(() => view.root.render(createElement(StatusProbe, { kiosk: old })));
    await flush();
    const next = scriptedKiosk([{ ok: true, value: status(2) }]);
    act(() => view.root.render(createElement(StatusProbe, { kiosk: next.api })));
    await flush();
    expect(next.calls()).toBe(1);
    expect(seenStatus.status?.kioskId).toBe('k-2');
    await act(async () => answerOld({ ok: true, value: status(1) }));
    await flush();
    expect(seenStatus.status?.kioskId).toBe('k-2');
  });
});

describe('useKioskCall', () => {
  it('is busy under the call key while the call runs, then hands the value on', async () => {
    act(() => view.root.render(createElement(CallProbe)));
    expect(seenCall).toMatchObject({ busy: false, busyKey: null, error: null });
    let answer!: (r: Result<number>) => void;
    const onOk = vi.fn();
    let done!: Promise<void>;
    act(() => {
      done = seenCall.run(() => new Promise<Result<number>>((resolve) => (answer = resolve)), onOk, 'save');
    });
    expect(seenCall).toMatchObject({ busy: true, busyKey: 'save' });
    await act(async () => {
      answer({ ok: true, value: 42 });
      await done;
    });
    expect(onOk).toHaveBeenCalledWith(42);
    expect(seenCall).toMatchObject({ busy: false, busyKey: null, error: null });
  });

  it('keeps a failure for the error banner, clears it on the next call, and uses "call" as the default key', async () => {
    act(() => view.root.render(createElement(CallProbe)));
    const onOk = vi.fn();
    await act(() => seenCall.run(async () => ({ ok: false, error: offline }) as Result<number>, onOk));
    expect(onOk).not.toHaveBeenCalled();
    expect(seenCall).toMatchObject({ busy: false, busyKey: null, error: offline });
    let answer!: (r: Result<number>) => void;
    let done!: Promise<void>;
    act(() => {
      done = seenCall.run(() => new Promise<Result<number>>((resolve) => (answer = resolve)), onOk);
    });
    expect(seenCall).toMatchObject({ busy: true, busyKey: 'call', error: null });
    await act(async () => {
      answer({ ok: true, value: 1 });
      await done;
    });
    expect(onOk).toHaveBeenCalledWith(1);
  });
});
