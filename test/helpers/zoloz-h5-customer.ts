// A customer on ZOLOZ's H5 capture page (the training emulator's stand-in), played over real HTTP
// where the Electron window would show the page: it loads the page the kiosk opened, uploads the
// document through the page's own form (or presses Cancel), and stops where the window stops, at the
// complete/interrupt callback the page redirects to.
import type { ProviderPageCallbacks, ProviderPageEnd, ProviderPageOpener } from '../../main/teller/assisted';

export interface H5Visit {
  url: string;
  origin: string;
  stopAt: ProviderPageCallbacks | undefined;
  /** Where the page's last redirect pointed (a callback when the page ended properly). */
  location: string | null;
}

export function customerOnZolozPage(jpeg: Buffer | null, visits: H5Visit[], action: 'submit' | 'cancel' = 'submit'): ProviderPageOpener {
  return async (url, origin, stopAt) => {
    const visit: H5Visit = { url, origin, stopAt, location: null };
    visits.push(visit);
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`the H5 page answered ${res.status}`);
    const html = await res.text();
    const forms = [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>(.*?)<\/form>/gs)];
    const form = forms.find((f) => f[1]!.endsWith(action === 'submit' ? '/capture' : '/interrupt'));
    if (!form) throw new Error(`the H5 page has no ${action} form: ${html.slice(0, 200)}`);
    const hidden = Object.fromEntries([...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
    const target = new URL(form[1]!, url);
    let sent: Response;
    if (action === 'submit') {
      if (!jpeg) throw new Error('no photo to upload');
      const body = new FormData();
      for (const [k, v] of Object.entries(hidden)) body.set(k, v);
      body.set('front', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'front.jpg');
      sent = await fetch(target, { method: 'POST', body, redirect: 'manual' });
    } else {
      sent = await fetch(target, { method: 'POST', body: new URLSearchParams(hidden), redirect: 'manual' });
    }
    if (sent.status !== 303) throw new Error(`the page's ${action} answered ${sent.status}`);
    visit.location = sent.headers.get('location');
    // The window stops at a callback (never loads it) and reports which one.
    const path = (u: string) => new URL(u).origin + new URL(u).pathname;
    const ended: ProviderPageEnd =
      stopAt && visit.location && path(visit.location) === path(stopAt.complete)
        ? 'completed'
        : stopAt && visit.location && path(visit.location) === path(stopAt.interrupt)
          ? 'interrupted'
          : 'closed';
    return ended;
  };
}
