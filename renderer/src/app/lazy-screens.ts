// The screens after the start screen, each loaded on demand so the first screen's bundle holds only
// what the teller sees first (start screen, chrome, languages). `prefetchScreens` fetches them all once
// the start screen is up, so pressing Start normally finds its screen already loaded; the Suspense
// fallback shows only when it is not.
import { createElement, lazy, useState, type ComponentType } from 'react';

type Loader<P> = () => Promise<ComponentType<P>>;

const loaders: Array<() => Promise<unknown>> = [];

/**
 * A screen loaded on demand, registered for `prefetchScreens`. Once loaded it renders directly: React.lazy
 * alone suspends on its first render even when the module is already there, and that moment of fallback
 * would stand between the teller's click and the next screen. A screen first shown before its module
 * arrived stays on React.lazy, so its state is never thrown away by switching.
 */
function screen<P extends object>(load: Loader<P>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const once = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = null; // forgotten, so showing the screen loads it again
        throw error;
      },
    ));
  loaders.push(once);
  const Lazy = lazy(() => once().then((component) => ({ default: component })));
  return function Screen(props: P) {
    const [ready] = useState(() => loaded);
    return ready ? createElement(ready, props) : createElement(Lazy, props);
  };
}

export const ConsentScreen = screen(() => import('../screens/ConsentScreen').then((m) => m.ConsentScreen));
export const DocumentScreen = screen(() => import('../screens/DocumentScreen').then((m) => m.DocumentScreen));
export const CountryScreen = screen(() => import('../screens/CountryScreen').then((m) => m.CountryScreen));
export const ScanScreen = screen(() => import('../screens/ScanScreen').then((m) => m.ScanScreen));
export const ReviewScreen = screen(() => import('../screens/ReviewScreen').then((m) => m.ReviewScreen));
export const SubmittedScreen = screen(() => import('../screens/SubmittedScreen').then((m) => m.SubmittedScreen));
export const TodayScreen = screen(() => import('../screens/TodayScreen').then((m) => m.TodayScreen));

/**
 * Loads every screen in the background when the browser is idle (or after `timeoutMs` at the latest).
 * A failed prefetch is forgotten (the screen loads again when shown), so its error is dropped here.
 */
export function prefetchScreens(timeoutMs = 500): void {
  const run = () => {
    for (const load of loaders) load().catch(() => {});
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: timeoutMs });
  else setTimeout(run, 0);
}
