// The system calls this very process makes while a piece of code runs, seen by a real strace attached
// to it (`strace -p <own pid> -f -y`). For what no file on a running machine shows: whether a file or a
// folder was fsynced, and in what order against a rename. The trace is of the test's OWN process (all
// its threads, so the libuv thread pool's syncs too): the code under test runs here, as it does in a
// mutation run, where the mutant is switched on inside this process.
//
// Attached means seen: before the code runs, the helper opens a marker path that does not exist and
// waits until that open is in strace's output; after it, a second marker, so every call made before it
// has been written out when strace is stopped (by its PID).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Syscall {
  /** The thread that made the call. */
  tid: number;
  name: string;
  /** The paths strace's `-y` printed for the descriptors among the arguments, in order. */
  fdPaths: string[];
  /** The string arguments (file names), in order. */
  strings: string[];
  /** What the call returned, as strace printed it ("0", "-1 ENOENT (…)", "23</path>"); null when unseen. */
  result: string | null;
}

const STRACE = '/usr/bin/strace';

/** Why this machine cannot trace the test's own process (no strace, ptrace refused); null when it can. */
export function syscallTraceUnavailable(): string | null {
  if (!existsSync(STRACE)) return `${STRACE} is not installed (Debian package strace)`;
  try {
    const scope = readFileSync('/proc/sys/kernel/yama/ptrace_scope', 'utf8').trim();
    // 1 lets a process trace only its descendants (strace here is a child tracing its parent), 2 only
    // with CAP_SYS_PTRACE (root), 3 not at all.
    if (scope === '3' || (scope !== '0' && process.getuid?.() !== 0)) return `ptrace is restricted (kernel.yama.ptrace_scope = ${scope})`;
  } catch {
    // no Yama: plain ptrace permissions (same user) apply
  }
  const probe = spawnSync(STRACE, ['-qq', '-e', 'trace=none', '--', 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status !== 0) return `strace cannot trace here: ${(probe.stderr || probe.error?.message || '').trim()}`;
  return null;
}

const FD_PATH = /\d+<((?:[^>\\]|\\.)*)>/g;
const STRING = /"((?:[^"\\]|\\.)*)"/g;
const unescape = (s: string): string => s.replace(/\\(["\\])/g, '$1');

/** Parses strace `-f -y` output (unfinished/resumed pairs joined) into calls, in the order they began. */
export function parseStrace(text: string): Syscall[] {
  const calls: Syscall[] = [];
  const pending = new Map<number, { call: Syscall; args: string }>();
  const finish = (call: Syscall, args: string, tail: string | null): void => {
    call.fdPaths = [...args.matchAll(FD_PATH)].map((m) => unescape(m[1]!));
    call.strings = [...args.matchAll(STRING)].map((m) => unescape(m[1]!));
    call.result = tail;
  };
  for (const line of text.split('\n')) {
    const resumed = /^(\d+)\s+<\.\.\. (\w+) resumed>(.*)$/.exec(line);
    if (resumed) {
      const p = pending.get(Number(resumed[1]));
      if (p && p.call.name === resumed[2]) {
        pending.delete(Number(resumed[1]));
        const [args, tail] = splitResult(p.args + resumed[3]!);
        finish(p.call, args, tail);
      }
      continue;
    }
    const start = /^(\d+)\s+(\w+)\((.*)$/.exec(line);
    if (!start) continue; // signals, exits, strace's own notes
    const call: Syscall = { tid: Number(start[1]), name: start[2]!, fdPaths: [], strings: [], result: null };
    calls.push(call);
    const rest = start[3]!;
    if (rest.endsWith('<unfinished ...>')) {
      const args = rest.slice(0, -'<unfinished ...>'.length);
      pending.set(call.tid, { call, args });
      finish(call, args, null);
    } else {
      const [args, tail] = splitResult(rest);
      finish(call, args, tail);
    }
  }
  return calls;
}

function splitResult(s: string): [string, string | null] {
  const at = s.lastIndexOf(') = ');
  return at < 0 ? [s, null] : [s.slice(0, at), s.slice(at + 4).trim()];
}

async function waitFor(out: string, marker: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      // An open of a path that does not exist: a system call strace prints, and nothing else.
      openSync(marker, 'r');
    } catch {
      // expected: ENOENT
    }
    if (existsSync(out) && readFileSync(out, 'utf8').includes(marker)) return;
    if (child.exitCode !== null) throw new Error(`strace exited (${child.exitCode}) before it saw this process: ${stderr()}`);
    if (Date.now() > deadline) throw new Error(`strace did not attach within 20 s: ${stderr()}`);
    await sleep(20);
  }
}

/**
 * Runs `fn` with strace attached to this process and returns what it returned with the calls named in
 * `syscalls` made while it ran (every thread of the process: filter by path).
 */
export async function traceSyscalls<T>(syscalls: string[], fn: () => T | Promise<T>): Promise<{ value: T; calls: Syscall[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-strace-'));
  const out = join(dir, 'trace.txt');
  const begin = join(dir, 'begin-marker');
  const end = join(dir, 'end-marker');
  const traced = [...new Set([...syscalls, 'openat'])].join(',');
  const child = spawn(STRACE, ['-p', String(process.pid), '-f', '-y', '-qq', '-s', '4096', '-e', `trace=${traced}`, '-e', 'signal=none', '-o', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(out, begin, child, () => err);
    const value = await fn();
    await waitFor(out, end, child, () => err);
    child.kill('SIGTERM');
    await exited;
    const all = parseStrace(readFileSync(out, 'utf8'));
    const from = all.findIndex((c) => c.strings.includes(begin));
    const to = all.findIndex((c) => c.strings.includes(end));
    const wanted = new Set(syscalls);
    return { value, calls: all.slice(from + 1, to).filter((c) => wanted.has(c.name)) };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

/** Calls that flush a descriptor to disk. */
export const SYNCS = ['fsync', 'fdatasync'];
/** Every way a rename reaches the kernel (rename on x86-64, renameat/renameat2 elsewhere). */
export const RENAMES = ['rename', 'renameat', 'renameat2'];

/** Index of the first sync of a descriptor open on `path` in `calls`, -1 when none. */
export const syncOf = (calls: Syscall[], path: string): number => calls.findIndex((c) => SYNCS.includes(c.name) && c.fdPaths[0] === path);

/** Index of the first rename of `from` to `to` in `calls`, -1 when none. */
export const renameOf = (calls: Syscall[], from: string | RegExp, to: string): number =>
  calls.findIndex((c) => RENAMES.includes(c.name) && c.strings.length === 2 && (typeof from === 'string' ? c.strings[0] === from : from.test(c.strings[0]!)) && c.strings[1] === to);
