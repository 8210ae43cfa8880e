// @vitest-environment happy-dom
// The chip step on the review screen: its rules (fraud outcomes, the next step after each outcome, when
// the policy holds Submit, typed fields checked before they are sent) and the component itself against a
// scripted kiosk API in place of the IPC / HTTP bridge — offered only with a policy, a reader and a
// document that carries a chip; "Place the passport on the reader" → "Hold still — reading 60%" from the
// progress events → the outcome sentence in words with its next step and the three faces. i18n runs with
// the real English locale, so the test reads what a teller reads; every locale has the step's texts.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import i18next from 'i18next';
import { act, createElement } from 'react';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { reactRootPerTest } from './react-root';
import { ChipStep, type ChipState } from '../../../renderer/src/components/ChipStep';
import { chipAccepted, chipExpected, chipHoldsSubmit, exactMrz, FRAUD_OUTCOMES, nextStepAfter, typedAccessProblem } from '../../../renderer/src/app/chip';
import en from '../../../renderer/src/i18n/locales/en.json';
import type { KioskApi, Result } from '../../../shared/contract';
import { ChipReadOutcome, type ChipPolicy, type ChipReaderState, type ChipReadSummary, type ChipStatus } from '../../../shared/contract-chip';
import { kioskMessage, type KioskMessage } from '../../../shared/kiosk-message';
import type { CaptureSide, CaptureSummary, DocumentType } from '../../../shared/domain';
import { makeVerification } from '../../helpers/fixtures';

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } });
});

const JPEG = 'data:image/jpeg;base64,/9j/AAAA';

function capture(side: CaptureSide, mrz: 'accepted' | 'invalid' | null): CaptureSummary {
  return {
    id: `c-${side}`,
    side,
    deviceId: 'specimen:scanner',
    width: 1000,
    height: 700,
    bytes: 1000,
    createdAt: '2026-06-01T09:00:00.000Z',
    quality: null,
    preview: `${JPEG}${side}`,
    precheck: mrz
      ? {
          checkedAt: '2026-06-01T09:00:00.000Z',
          mrz: {
            status: mrz, format: 'TD3', documentKind: 'passport', documentCode: 'P', issuingState: 'DEU', nationality: 'DEU', lastName: 'MUSTER',
            firstName: 'ERIKA', dateOfBirth: '1974-08-12', age: 51, sex: 'F', documentNumber: 'C01X00T47', personalNumber: null,
            dateOfExpiry: '2031-04-15', expired: false, fields: [], checkDigits: {}, repaired: false, messages: [],
          },
        }
      : null,
  };
}

function summary(outcome: ChipReadOutcome, sentence: KioskMessage, patch: Partial<ChipReadSummary> = {}): ChipReadSummary {
  return {
    outcome, reason: null, message: 'English sentence', sentence, accessKey: 'mrz', country: null, accessMethod: 'bac', dataGroupsVerified: [],
    printedMrzMatch: null, cloneCheck: null, revocation: null, faceKept: false, training: true, retry: outcome === 'interrupted', readAt: '2026-06-01T09:00:00.000Z', ...patch,
  };
}
const VERIFIED = summary('verified', kioskMessage('chip_verified_training', { country: 'DEU' }), {
  country: 'DE', dataGroupsVerified: [1, 2], printedMrzMatch: true, faceKept: true,
});

/**
 * A kiosk API whose chip calls answer from the test. The test plays main's reader: `reader(true)` is a
 * document placed (chipReadersChanged with cardPresent), `reader(false)` taken off, `reader(null)` the reader
 * unplugged; progress events and the end of each read are fired by the test too.
 */
function scriptedKiosk(status: Partial<ChipStatus>, reads: Array<Result<ChipReadSummary>>) {
  const requests: unknown[] = [];
  const placed: unknown[] = [];
  const listeners: Record<string, Set<(payload: never) => void>> = {};
  let release: (() => void) | null = null;
  const readerState = (cardPresent: boolean | null): ChipReaderState =>
    cardPresent === null
      ? { available: false, reason: 'no-readers', message: 'No chip reader is connected.', readers: [] }
      : { available: true, reason: null, message: null, readers: [{ id: 'chip:reader.0a1b2c3d', kind: 'chip-reader', label: 'Reader', specimen: false, cardPresent }] };
  const emit = (event: string, payload: unknown) => listeners[event]?.forEach((l) => l(payload as never));
  const api = {
    chipStatus: async () => ({ ok: true, value: { policy: 'offer', readerPresent: true, training: false, latest: null, ...status } }),
    listChipReaders: async () => ({ ok: true, value: readerState(status.readerPresent === false ? null : false) }),
    readChip: async (request: unknown) => {
      requests.push(request);
      await new Promise<void>((r) => (release = r));
      return reads.shift()!;
    },
    placeTrainingChip: async (request: unknown) => {
      placed.push(request);
      return { ok: true, value: { placed: true } };
    },
    chipFace: async () => ({ ok: true, value: { face: `${JPEG}chip` } }),
    on: (event: string, listener: (payload: never) => void) => {
      (listeners[event] ??= new Set()).add(listener);
      return () => listeners[event]!.delete(listener);
    },
  } as unknown as KioskApi;
  return {
    api,
    requests,
    placed,
    emit: (verificationId: string, percent: number) => emit('chipReadProgress', { verificationId, stage: 'reading', file: 'DG2', percent }),
    reader: (cardPresent: boolean | null) => act(() => emit('chipReadersChanged', readerState(cardPresent))),
    finish: () => release?.(),
  };
}

/** The few DOM members the test reads (the Node-side tsconfig has no DOM lib; happy-dom provides them). */
type El = { textContent: string | null; classList: { contains(name: string): boolean }; src?: string; dataset: Record<string, string | undefined>; getAttribute(name: string): string | null; dispatchEvent(e: unknown): boolean };
const dom = globalThis as unknown as {
  document: { querySelector(selector: string): El | null; querySelectorAll(selector: string): { length: number }; activeElement: El | null };
  MouseEvent: new (type: string, init: object) => unknown;
  Event: new (type: string, init: object) => unknown;
};

const view = reactRootPerTest();
const flush = () => act(async () => void (await vi.advanceTimersByTimeAsync(0)));
const q = (testId: string) => dom.document.querySelector(`[data-testid="${testId}"]`);
const click = (testId: string) => act(() => void q(testId)!.dispatchEvent(new dom.MouseEvent('click', { bubbles: true })));
function type(testId: string, value: string) {
  const input = q(testId)!;
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new dom.Event('input', { bubbles: true }));
  });
}

async function mount(kiosk: KioskApi, documentType: DocumentType, captures: Partial<Record<CaptureSide, CaptureSummary>>, leading = false) {
  const states: ChipState[] = [];
  const verification = makeVerification(documentType);
  act(() => view.root.render(null)); // a fresh step per mount, as the review screen gives each verification
  act(() => view.root.render(createElement(ChipStep, { kiosk, verification, captures, onChange: (s: ChipState) => states.push(s), leading })));
  await flush();
  return { states, id: verification.id };
}

describe('chip step rules', () => {
  it('every outcome has a next step; the fraud signals send the teller to a supervisor', () => {
    const steps = Object.fromEntries(ChipReadOutcome.options.map((o) => [o, nextStepAfter(o)]));
    expect(steps).toEqual({
      verified: 'done',
      'differs-from-printed-page': 'supervisor',
      'not-authentic': 'supervisor',
      'clone-check-failed': 'supervisor',
      'access-denied': 'type-fields',
      interrupted: 'read-again',
      'no-document': 'read-again',
      unreadable: 'continue-without',
      'reader-unavailable': 'continue-without',
    });
    expect([...FRAUD_OUTCOMES].sort()).toEqual(['clone-check-failed', 'differs-from-printed-page', 'not-authentic']);
  });

  it('the policy holds Submit only when required, for a document with a chip, until a verified read matching the page', () => {
    const differs = summary('differs-from-printed-page', kioskMessage('chip_differs'));
    const typedNoPage = { ...VERIFIED, printedMrzMatch: null };
    expect(chipHoldsSubmit('required', true, null)).toBe(true);
    expect(chipHoldsSubmit('required', true, differs)).toBe(true);
    expect(chipHoldsSubmit('required', true, typedNoPage)).toBe(true);
    expect(chipHoldsSubmit('required', true, VERIFIED)).toBe(false);
    expect(chipHoldsSubmit('required', false, null)).toBe(false);
    for (const p of ['offer', 'off', null] as Array<ChipPolicy | null>) expect(chipHoldsSubmit(p, true, null)).toBe(false);
    expect(chipAccepted(VERIFIED)).toBe(true);
  });

  it('a passport always, an ID card only with an MRZ found, never a driving licence; the key needs an exact reading', () => {
    expect(chipExpected('passport', {})).toBe(true);
    expect(chipExpected('id_card', { front: capture('front', null) })).toBe(false);
    expect(chipExpected('id_card', { back: capture('back', 'invalid') })).toBe(true);
    expect(chipExpected('drivers_license', { front: capture('front', 'accepted') })).toBe(false);
    expect(exactMrz({ front: capture('front', 'invalid'), back: capture('back', 'accepted') })).toBe(true);
    expect(exactMrz({ front: capture('front', 'invalid') })).toBe(false);
  });

  it('typed fields: a document number of 1 to 22 letters or digits and both dates', () => {
    const ok = { documentNumber: ' c01x00t47 ', dateOfBirth: '1974-08-12', dateOfExpiry: '2031-04-15' };
    expect(typedAccessProblem(ok)).toBeNull();
    expect(typedAccessProblem({ ...ok, documentNumber: 'C01-X00' })).toBe('documentNumber');
    expect(typedAccessProblem({ ...ok, documentNumber: '' })).toBe('documentNumber');
    expect(typedAccessProblem({ ...ok, documentNumber: '12345678901234567890123' })).toBe('documentNumber');
    expect(typedAccessProblem({ ...ok, documentNumber: 'd23145890734' })).toBeNull();
    expect(typedAccessProblem({ ...ok, dateOfExpiry: '' })).toBe('dates');
  });

  it('every locale has the step texts, each next step included', () => {
    const dir = resolve(import.meta.dirname, '../../../renderer/src/i18n/locales');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const locale = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { chip: Record<string, unknown> & { next: Record<string, string> }; supervisor: { chip: Record<string, string> } };
      for (const o of ChipReadOutcome.options) expect(locale.chip.next[nextStepAfter(o)], `${file} ${o}`).toMatch(/\S/);
      expect(Object.keys(locale.chip).sort(), file).toEqual(Object.keys(en.chip).sort());
      expect(Object.keys(locale.supervisor.chip).sort(), file).toEqual(Object.keys(en.supervisor.chip).sort());
    }
  });
});

/** The document is placed on the reader and the read it starts ends with the script's next answer. */
async function placeAndRead(k: ReturnType<typeof scriptedKiosk>) {
  k.reader(true);
  await flush();
  k.finish();
  await flush();
  await flush();
}

describe('ChipStep', () => {
  it("reading the chip is the screen's primary action only while the policy holds Submit for it", async () => {
    for (const leading of [false, true]) {
      for (const training of [false, true]) {
        const k = scriptedKiosk({ training }, []);
        await mount(k.api, 'passport', { front: capture('front', 'accepted') }, leading);
        expect(q(training ? 'chip-place-virtual' : 'chip-read-now')?.classList.contains('btn-primary'), `${leading} ${training}`).toBe(leading);
      }
    }
  });

  it('exact MRZ: "place the passport", the read starts when one is placed → hold still with the percent → verified by the country in words, three faces', async () => {
    const k = scriptedKiosk({}, [{ ok: true, value: VERIFIED }]);
    const { states, id } = await mount(k.api, 'passport', { front: capture('front', 'accepted'), selfie: capture('selfie', null) });
    expect(q('chip-step')?.dataset.phase).toBe('place');
    expect(q('chip-policy')?.textContent).toBe(en.chip.optional);
    expect(q('chip-typed')).toBeNull(); // the key comes from the exact reading
    expect(q('chip-place')?.textContent).toBe('Place the passport on the reader');
    expect(k.requests).toEqual([]); // nothing on the reader yet
    k.reader(true);
    await flush();
    expect(k.requests).toEqual([{ verificationId: id }]);
    expect(q('chip-reading')?.textContent).toBe('Hold still — reading 0%');
    expect(dom.document.activeElement).toBe(q('chip-reading'));
    act(() => k.emit(id, 60));
    act(() => k.emit('another-verification', 90));
    expect(q('chip-reading')?.textContent).toBe('Hold still — reading 60%');
    k.finish();
    await flush();
    await flush();
    expect(q('chip-step')?.dataset.outcome).toBe('verified');
    expect(q('chip-outcome')?.textContent).toContain('Chip verified by Germany — TRAINING: signed by a training certificate, not by a state.');
    expect(q('chip-next')?.dataset.step).toBe('done');
    expect(q('chip-face')?.src).toBe(`${JPEG}chip`);
    expect(q('chip-face-document')?.src).toBe(`${JPEG}front`);
    expect(q('chip-face-selfie')?.src).toBe(`${JPEG}selfie`);
    expect(states.at(-1)).toEqual({ policy: 'offer', offered: true, latest: VERIFIED });
    // The passport stays on the reader, or is placed again: a verified chip is not read again by itself.
    k.reader(false);
    k.reader(true);
    await flush();
    expect(k.requests).toHaveLength(1);
  });

  it('a document already on the reader is read at once; "Read now" reads by hand after a failed call, never in a loop', async () => {
    const k = scriptedKiosk({}, [{ ok: false, error: { code: 'device_error', message: 'The reader did not answer.' } }, { ok: true, value: VERIFIED }]);
    await mount(k.api, 'passport', { front: capture('front', 'accepted') });
    k.reader(true);
    await flush();
    k.finish();
    await flush();
    await flush();
    expect(k.requests).toHaveLength(1);
    expect(q('chip-step')?.dataset.phase).toBe('place');
    expect(q('chip-place')?.textContent).toBe(en.chip.onReader);
    click('chip-read-now');
    await flush();
    expect(k.requests).toHaveLength(2);
    k.finish();
    await flush();
    await flush();
    expect(q('chip-step')?.dataset.outcome).toBe('verified');
  });

  it('a fraud signal says what failed and "Do not proceed — call a supervisor", as an alert', async () => {
    for (const [outcome, sentence, words] of [
      ['not-authentic', kioskMessage('chip_signer_not_trusted'), "The chip's signature does not chain to a trusted state certificate."],
      ['differs-from-printed-page', kioskMessage('chip_differs'), "The chip's data differs from the printed page"],
      ['clone-check-failed', kioskMessage('chip_clone_check_failed'), 'The clone check failed'],
    ] as const) {
      const k = scriptedKiosk({}, [{ ok: true, value: summary(outcome, sentence) }]);
      await mount(k.api, 'passport', { front: capture('front', 'accepted') });
      await placeAndRead(k);
      const banner = q('chip-outcome')!;
      expect(banner.getAttribute('role'), outcome).toBe('alert');
      expect(banner.textContent, outcome).toContain(words);
      expect(q('chip-next')?.textContent, outcome).toBe('Do not proceed — call a supervisor.');
    }
  });

  it('no exact MRZ: the teller types the fields; bad ones are refused on screen, good ones go to main, a refusal shows the one form again', async () => {
    const denied = summary('access-denied', kioskMessage('chip_access_denied_typed'), { accessKey: 'typed', accessMethod: null });
    const k = scriptedKiosk({}, [{ ok: true, value: denied }]);
    const { id } = await mount(k.api, 'passport', { front: capture('front', 'invalid') });
    expect(q('chip-step')?.dataset.phase).toBe('offer');
    expect(dom.document.querySelectorAll('[data-testid="chip-typed"]').length).toBe(1);
    type('chip-document-number', 'C01-X00');
    type('chip-date-of-birth', '1974-08-12');
    type('chip-date-of-expiry', '2031-04-15');
    click('chip-read-typed');
    expect(q('chip-typed-problem')?.textContent).toContain(en.chip.invalidNumber);
    expect(q('chip-step')?.dataset.phase).toBe('offer');
    type('chip-document-number', 'c01x00t47');
    click('chip-read-typed');
    expect(q('chip-typed-problem')).toBeNull();
    expect(q('chip-step')?.dataset.phase).toBe('place');
    await placeAndRead(k);
    expect(k.requests).toEqual([{ verificationId: id, access: { documentNumber: 'c01x00t47', dateOfBirth: '1974-08-12', dateOfExpiry: '2031-04-15' } }]);
    expect(q('chip-outcome')?.textContent).toContain('The chip refused the typed access key.');
    expect(q('chip-next')?.dataset.step).toBe('type-fields');
    expect(dom.document.querySelectorAll('[data-testid="chip-typed"]').length).toBe(1);
    expect(q('chip-read-typed')).not.toBeNull();
    expect(q('chip-faces')).toBeNull();
  });

  it('the card taken off mid-read: the plain sentence; placing it again reads again; "Read again" by hand waits for the document', async () => {
    const interrupted = summary('interrupted', kioskMessage('chip_interrupted'), { accessMethod: null });
    const k = scriptedKiosk({}, [{ ok: true, value: interrupted }, { ok: true, value: interrupted }]);
    await mount(k.api, 'passport', { front: capture('front', 'accepted') }, true);
    k.reader(true);
    await flush();
    k.reader(false); // taken off while the chip is read
    k.finish();
    await flush();
    await flush();
    expect(q('chip-outcome')?.textContent).toContain('The card moved away from the reader before the chip was read.');
    expect(q('chip-next')?.textContent).toBe(en.chip.next['read-again']);
    k.reader(true);
    await flush();
    expect(k.requests).toHaveLength(2);
    k.finish();
    await flush();
    await flush();
    // The step leads the screen (policy): one primary action — "Read again", or the typed form's button once chosen.
    expect(q('chip-again')?.classList.contains('btn-primary')).toBe(true);
    click('chip-type-instead');
    expect(q('chip-read-typed')?.classList.contains('btn-primary')).toBe(true);
    expect(q('chip-again')?.classList.contains('btn-secondary')).toBe(true);
    k.reader(false);
    click('chip-again');
    expect(q('chip-step')?.dataset.phase).toBe('place');
    expect(q('chip-place')?.textContent).toBe('Place the passport on the reader');
    expect(k.requests).toHaveLength(2);
  });

  it('the reader unplugged while waiting says so; plugged in again, the step waits for the document', async () => {
    const k = scriptedKiosk({}, []);
    await mount(k.api, 'passport', { front: capture('front', 'accepted') });
    k.reader(null);
    expect(q('chip-place')?.textContent).toBe(en.chip.noReader);
    k.reader(false);
    expect(q('chip-place')?.textContent).toBe('Place the passport on the reader');
  });

  it('training: the teller places the virtual passport; the reader reporting it starts the read', async () => {
    const k = scriptedKiosk({ training: true }, [{ ok: true, value: VERIFIED }]);
    const { id } = await mount(k.api, 'passport', { front: capture('front', 'accepted') });
    expect(q('chip-step')?.textContent).toContain(en.chip.placeTraining);
    click('chip-place-virtual');
    await flush();
    expect(k.placed).toEqual([{ verificationId: id }]);
    expect(k.requests).toEqual([]);
    await placeAndRead(k); // main reports the virtual passport on its reader
    expect(k.requests).toEqual([{ verificationId: id }]);
    expect(q('chip-step')?.dataset.outcome).toBe('verified');
  });

  it('a verified read whose revocation list is out of date says so, and is still a verified read', async () => {
    const stale = summary('verified', kioskMessage('chip_verified_revocation_unknown', { country: 'BEL' }), {
      country: 'BE', training: false, dataGroupsVerified: [1, 2], printedMrzMatch: true,
      cloneCheck: { status: 'passed', method: 'chip-authentication', notSupportedBy: null }, revocation: { status: 'unknown', reason: 'crl-expired' },
    });
    const k = scriptedKiosk({}, [{ ok: true, value: stale }]);
    await mount(k.api, 'passport', { front: capture('front', 'accepted') });
    await placeAndRead(k);
    expect(q('chip-step')?.dataset.outcome).toBe('verified');
    expect(q('chip-outcome')?.textContent).toContain(
      "Chip verified by Belgium, but whether its signing certificate has been revoked is unknown: the kiosk's revocation list is out of date.",
    );
    expect(q('chip-next')?.dataset.step).toBe('done');
  });

  it('a required policy is shown, and an earlier read of this verification is shown at once (a document on the reader is not read again)', async () => {
    const k = scriptedKiosk({ policy: 'required', latest: VERIFIED }, []);
    const { states } = await mount(k.api, 'passport', { front: capture('front', 'accepted') });
    await flush();
    k.reader(true);
    await flush();
    expect(k.requests).toEqual([]);
    expect(q('chip-policy')?.textContent).toBe(en.chip.required);
    expect(q('chip-step')?.dataset.phase).toBe('result');
    expect(states.at(-1)).toMatchObject({ policy: 'required', offered: true, latest: { outcome: 'verified' } });
  });

  it('not offered: policy off, no reader, or a document without a chip; nothing is read when a document is placed', async () => {
    for (const [status, type] of [
      [{ policy: 'off' }, 'passport'],
      [{ readerPresent: false }, 'passport'],
      [{}, 'drivers_license'],
    ] as Array<[Partial<ChipStatus>, DocumentType]>) {
      const k = scriptedKiosk(status, []);
      const { states } = await mount(k.api, type, { front: capture('front', 'accepted') });
      expect(q('chip-step'), JSON.stringify(status)).toBeNull();
      expect(states.at(-1)?.offered).toBe(false);
      if (status.readerPresent === false) continue;
      k.reader(true);
      await flush();
      expect(k.requests).toEqual([]);
    }
  });

  it('a reader plugged in while the review screen is open offers the step', async () => {
    const k = scriptedKiosk({ readerPresent: false }, []);
    const { states } = await mount(k.api, 'passport', { front: capture('front', 'accepted') });
    expect(q('chip-step')).toBeNull();
    k.reader(false);
    expect(q('chip-place')?.textContent).toBe('Place the passport on the reader');
    expect(states.at(-1)?.offered).toBe(true);
  });
});
