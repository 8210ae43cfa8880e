// @vitest-environment happy-dom
// The chip read on the teller's result screen (ChipResultPanel) against a scripted chipResult, with the real
// English locale: the outcome sentence in words (a fraud signal with "Do not proceed — call a supervisor"),
// the chip's photo beside the document's and the customer's, the "verified on this kiosk" line while the
// provider cannot be reached, and nothing at all when the chip was not read.
import i18next from 'i18next';
import { act, createElement } from 'react';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { reactRootPerTest } from './react-root';
import { ChipResultPanel } from '../../../renderer/src/components/ChipResultPanel';
import en from '../../../renderer/src/i18n/locales/en.json';
import type { KioskApi } from '../../../shared/contract';
import type { ChipReadSummary } from '../../../shared/contract-chip';
import type { CaptureSummary, Verification } from '../../../shared/domain';
import { kioskMessage } from '../../../shared/kiosk-message';
import { makeVerification } from '../../helpers/fixtures';

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } });
});

const JPEG = 'data:image/jpeg;base64,/9j/AAAA';
const FRONT: CaptureSummary = {
  id: 'c-front', side: 'front', deviceId: 'specimen:scanner', width: 1000, height: 700, bytes: 1000, createdAt: '2026-06-01T09:00:00.000Z',
  quality: null, preview: `${JPEG}front`, precheck: null,
};

function read(patch: Partial<ChipReadSummary>): ChipReadSummary {
  return {
    outcome: 'verified', reason: null, message: 'English sentence', sentence: kioskMessage('chip_verified', { country: 'SWE' }), accessKey: 'mrz',
    country: 'SE', accessMethod: 'pace', dataGroupsVerified: [1, 2], printedMrzMatch: true, cloneCheck: null, revocation: null, faceKept: true,
    training: false, retry: false, readAt: '2026-06-01T09:00:00.000Z', ...patch,
  };
}

type El = { textContent: string | null; src?: string; getAttribute(name: string): string | null };
const dom = globalThis as unknown as { document: { querySelector(selector: string): El | null } };
const q = (testId: string) => dom.document.querySelector(`[data-testid="${testId}"]`);
const view = reactRootPerTest();

async function show(answer: { latest: ChipReadSummary | null; face: string | null }, verification: Verification) {
  const asked: unknown[] = [];
  const kiosk = {
    chipResult: async (request: unknown) => {
      asked.push(request);
      return { ok: true, value: answer };
    },
  } as unknown as KioskApi;
  act(() => view.root.render(createElement(ChipResultPanel, { kiosk, verification, documentFront: FRONT, selfie: `${JPEG}selfie` })));
  await act(async () => void (await vi.advanceTimersByTimeAsync(0)));
  return asked;
}

describe('chip result on the teller result screen', () => {
  it('verified: "Chip verified by Sweden" and the chip photo beside the document photo and the selfie', async () => {
    const v = makeVerification('passport', { state: 'accepted' });
    expect(await show({ latest: read({}), face: `${JPEG}chip` }, v)).toEqual([{ verificationId: v.id }]);
    expect(q('chip-result-outcome')?.textContent).toContain('Chip verified by Sweden: the data on the chip was signed by the issuing state.');
    expect(q('chip-face')?.src).toBe(`${JPEG}chip`);
    expect(q('chip-face-document')?.src).toBe(`${JPEG}front`);
    expect(q('chip-face-selfie')?.src).toBe(`${JPEG}selfie`);
    expect(q('chip-local')).toBeNull();
  });

  it('a fraud signal says exactly what failed and sends the teller to a supervisor', async () => {
    await show({ latest: read({ outcome: 'not-authentic', reason: 'signer-not-trusted', sentence: kioskMessage('chip_signer_not_trusted'), country: null }), face: null }, makeVerification());
    const banner = q('chip-result-outcome')!;
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain("The chip's signature does not chain to a trusted state certificate.Do not proceed — call a supervisor.");
  });

  it('submitted while the provider is down: the chip verified on this kiosk, the provider still to answer', async () => {
    const v = makeVerification('passport', { state: 'queued', chipLocal: { status: 'chip-verified', country: 'SE', at: '2026-06-01T09:00:00.000Z', providerPending: true } });
    await show({ latest: read({}), face: `${JPEG}chip` }, v);
    expect(q('chip-local')?.textContent).toBe(
      'Chip verified on this kiosk by Sweden while the provider cannot be reached. The provider still receives the verification, and its answer decides the outcome.',
    );
  });

  it('the chip was not read: nothing is shown', async () => {
    await show({ latest: null, face: null }, makeVerification('passport', { state: 'accepted' }));
    expect(q('chip-result-panel')).toBeNull();
  });
});
