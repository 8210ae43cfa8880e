// A React root in the test's DOM (happy-dom) under fake timers starting at a fixed instant, made
// before each test and unmounted after it, for the renderer hook tests.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, vi } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export function reactRootPerTest(now = '2026-06-01T09:00:00Z'): { readonly root: Root } {
  let root: Root | undefined;
  let container: TestDomNode | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse(now) });
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container as unknown as Parameters<typeof createRoot>[0]);
  });
  afterEach(() => {
    act(() => root!.unmount());
    container!.remove();
    vi.useRealTimers();
  });
  return {
    get root() {
      return root!;
    },
  };
}
