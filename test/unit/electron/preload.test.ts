// The preload: its API builder under plain Node, and the REAL bundle built by electron-vite with the
// project's preload config, executed in a VM with a `require` that knows only 'electron' — exactly
// what a sandboxed preload gets.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, EVENT_NAMES } from '../../../shared/contract';
import { PRELOAD_CALLS, PRELOAD_EVENTS, buildKioskApi, type IpcRendererSurface } from '../../../preload/api';

const ROOT = resolve(import.meta.dirname, '../../..');

class FakeIpcRenderer implements IpcRendererSurface {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  readonly listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args });
    return { ok: true, value: channel };
  }
  on(channel: string, l: (e: unknown, p: unknown) => void) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(l);
  }
  removeListener(channel: string, l: (e: unknown, p: unknown) => void) {
    this.listeners.get(channel)?.delete(l);
  }
  emit(channel: string, payload: unknown) {
    for (const l of this.listeners.get(channel) ?? []) l({ sender: 'SECRET-IPC-EVENT' }, payload);
  }
}

describe('preload API builder', () => {
  it('lists exactly the contract calls and events', () => {
    expect([...PRELOAD_CALLS].sort()).toEqual([...CALL_NAMES].sort());
    expect([...PRELOAD_EVENTS].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('is one frozen object with one method per call plus on(), and no generic send/invoke', () => {
    const api = buildKioskApi(new FakeIpcRenderer()) as unknown as Record<string, unknown>;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    for (const forbidden of ['send', 'invoke', 'ipcRenderer', 'sendSync', 'postMessage']) expect(api[forbidden]).toBeUndefined();
    expect(() => ((api as { getStatus: unknown }).getStatus = () => 1)).toThrow();
  });

  it('sends each call on kiosk:<name> with exactly one argument', async () => {
    const ipc = new FakeIpcRenderer();
    const api = buildKioskApi(ipc);
    await api.getStatus({});
    await (api.listDevices as unknown as () => Promise<unknown>)();
    await api.submit({ verificationId: 'v' } as never);
    expect(ipc.invoked).toEqual([
      { channel: 'kiosk:getStatus', args: [{}] },
      { channel: 'kiosk:listDevices', args: [{}] },
      { channel: 'kiosk:submit', args: [{ verificationId: 'v' }] },
    ]);
  });

  it('on() accepts only contract events, passes only the payload, and returns a working unsubscribe', () => {
    const ipc = new FakeIpcRenderer();
    const api = buildKioskApi(ipc);
    const seen: unknown[][] = [];
    const off = api.on('queueChanged', (...args: unknown[]) => seen.push(args));
    ipc.emit('kiosk:event:queueChanged', { waiting: 1 });
    expect(seen).toEqual([[{ waiting: 1 }]]);
    off();
    off();
    ipc.emit('kiosk:event:queueChanged', { waiting: 2 });
    expect(seen).toHaveLength(1);
    expect(ipc.listeners.get('kiosk:event:queueChanged')?.size).toBe(0);
    for (const bad of ['ipc', 'kiosk:getStatus', '__proto__', 'constructor', '', 42, null]) {
      expect(() => api.on(bad as never, () => {})).toThrow(TypeError);
    }
    expect(() => api.on('queueChanged', 'not a function' as never)).toThrow(TypeError);
    expect(ipc.listeners.size).toBe(1);
  });
});

describe('preload bundle (electron-vite build with the project config)', () => {
  let outDir: string;
  let code: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'kiosk-preload-'));
    // electron-vite bundles its config next to the config file, so the wrapper lives inside
    // node_modules (resolvable, ignored by git) and overrides only the input and outDir.
    const cfgDir = join(ROOT, 'node_modules', '.cache', 'kiosk-electron-test');
    mkdirSync(cfgDir, { recursive: true });
    const cfg = join(cfgDir, 'preload-only.config.mts');
    writeFileSync(
      cfg,
      `import full from ${JSON.stringify(join(ROOT, 'build', 'electron.vite.config.ts'))};
const pre = full.preload;
export default { preload: { ...pre, build: { ...pre.build, outDir: ${JSON.stringify(outDir)}, emptyOutDir: true,
  rollupOptions: { ...pre.build.rollupOptions, input: { index: ${JSON.stringify(join(ROOT, 'preload', 'index.ts'))} } } } } };
`,
    );
    const { build } = await import('electron-vite');
    await build({ configFile: cfg, root: ROOT, logLevel: 'silent' });
    code = readFileSync(join(outDir, 'index.cjs'), 'utf8');
  }, 60_000);
  afterAll(() => outDir && rmSync(outDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

  it('is one CommonJS file that requires only electron', () => {
    const requires = [...code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/\bzod\b/);
  });

  it('exposes exactly one frozen window.kiosk and never ipcRenderer itself', async () => {
    const ipc = new FakeIpcRenderer();
    const exposed: Array<[string, unknown]> = [];
    const required: string[] = [];
    const sandbox = {
      require: (id: string) => {
        required.push(id);
        if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
        return { ipcRenderer: ipc, contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.push([k, v]) } };
      },
      module: { exports: {} },
      exports: {},
    };
    vm.runInNewContext(code, sandbox, { filename: 'index.cjs' });
    expect(required).toEqual(['electron']);
    expect(exposed).toHaveLength(1);
    const [name, api] = exposed[0]! as [string, Record<string, (...a: unknown[]) => unknown>];
    expect(name).toBe('kiosk');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    expect(Object.values(api)).not.toContain(ipc);
    await api.getStatus!({});
    expect(ipc.invoked).toEqual([{ channel: 'kiosk:getStatus', args: [{}] }]);
  });
});
