// A customer on ZignSec's hosted page (the training sandbox's stand-in), played over real HTTP: it
// loads the page the kiosk opened, uploads a passport image through the page's own form and presses
// Finish. Used where the Electron window would show the page (the assisted flow).
import type { ProviderPageOpener } from '../../main/teller/assisted';

/** A customer on the hosted page: follows the page's own upload form and Finish button. */
export function customerOnHostedPage(jpeg: Buffer, seen: { urls: string[]; origins: string[] }): ProviderPageOpener {
  return async (url, origin) => {
    seen.urls.push(url);
    seen.origins.push(origin);
    const page = await (await fetch(url)).text();
    const uploadAction = /action="([^"]*documents\?documentType=Passport)"/.exec(page)?.[1];
    const finishAction = /action="([^"]*\/finish)"/.exec(page)?.[1];
    if (!uploadAction || !finishAction) throw new Error(`the hosted page has no upload/finish form: ${page.slice(0, 200)}`);
    const form = new FormData();
    form.append('document', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'passport.jpg');
    const up = await fetch(new URL(uploadAction, url), { method: 'POST', body: form, redirect: 'manual' });
    if (up.status !== 303) throw new Error(`upload answered ${up.status}`);
    const fin = await fetch(new URL(finishAction, url), { method: 'POST', body: '' });
    if (!fin.ok) throw new Error(`finish answered ${fin.status}`);
  };
}

