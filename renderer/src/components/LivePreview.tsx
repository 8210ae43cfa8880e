// The live camera picture with guidance: the stream from main, an outline
// of where the document goes, the card as the kiosk sees it, the one current instruction, and the
// auto-capture countdown. The still itself is taken by main (auto-capture) or by the screen's capture button.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { PreviewFrame } from '../../../shared/contract-capture';
import type { CaptureSide, CaptureSummary, Device, DocumentType } from '../../../shared/domain';
import { Banner } from './Banner';
import { Button } from './Button';
import { Spinner } from './Spinner';
import { useCustomerTranslation } from '../app/customer-language';
import { useKioskText, type MainSentence } from '../app/kiosk-text';
import '../styles/live-preview.css';

type Props = {
  kiosk: KioskApi;
  verificationId: string;
  documentType: DocumentType;
  side: CaptureSide;
  deviceId: string;
  /** Called with the still auto-capture took (the same summary the capture button returns). */
  onCaptured: (capture: CaptureSummary) => void;
};

type Status = 'starting' | 'live' | 'capturing' | 'failed' | 'paused';

/** Width ÷ height of the document (ICAO 9303 sizes): ID-1 cards, TD3 passport data page, TD2. */
const DOCUMENT_ASPECT: Record<DocumentType, number> = { id_card: 85.6 / 54, drivers_license: 85.6 / 54, passport: 125 / 88, other: 105 / 74 };
/** The outline covers this share of the frame width: the card then fills enough of the still for the MRZ. */
const OUTLINE_WIDTH = 0.56;

export function LivePreview({ kiosk, verificationId, documentType, side, deviceId, onCaptured }: Props) {
  const { t } = useTranslation();
  // The instruction line is for the customer holding the document: in the customer's language.
  const customer = useCustomerTranslation();
  const [status, setStatus] = useState<Status>('starting');
  const [frame, setFrame] = useState<PreviewFrame | null>(null);
  // Main's sentence (its catalogue key when it has one), shown in the teller's language.
  const [error, setError] = useState<MainSentence | null>(null);
  const kioskText = useKioskText();
  const [attempt, setAttempt] = useState(0);
  const previewId = useRef<string | null>(null);
  const captured = useRef(onCaptured);
  captured.current = onCaptured;

  useEffect(() => {
    let active = true;
    previewId.current = null;
    setStatus('starting');
    setFrame(null);
    setError(null);
    const mine = (p: { previewId: string; verificationId: string; side: CaptureSide }) =>
      p.verificationId === verificationId && p.side === side && (previewId.current === null || p.previewId === previewId.current);
    const offFrame = kiosk.on('previewFrame', (f) => {
      if (!active || !mine(f)) return;
      setFrame(f);
      setStatus((s) => (s === 'starting' ? 'live' : s));
    });
    const offState = kiosk.on('previewState', (s) => {
      if (!active || !mine(s)) return;
      if (s.state === 'capturing') setStatus('capturing');
      else if (s.state === 'captured' && s.capture) captured.current(s.capture);
      else if (s.state === 'failed') {
        setError(s.error ?? null);
        setStatus('failed');
      } else if (s.state === 'stopped' && s.reason === 'timeout') setStatus('paused');
    });
    void kiosk.startPreview({ verificationId, side, deviceId }).then((r) => {
      if (!active) {
        if (r.ok) void kiosk.stopPreview({ previewId: r.value.previewId });
        return;
      }
      if (r.ok) previewId.current = r.value.previewId;
      else {
        setError(r.error);
        setStatus('failed');
      }
    });
    return () => {
      active = false;
      offFrame();
      offState();
      if (previewId.current) void kiosk.stopPreview({ previewId: previewId.current });
    };
  }, [kiosk, verificationId, side, deviceId, attempt]);

  const instruction = frame?.quality.instruction ?? null;
  const remaining = frame && frame.passing > 0 ? frame.needed - frame.passing : null;
  const message =
    status === 'starting'
      ? customer.t('live.starting')
      : status === 'capturing' || remaining === 0
        ? customer.t('live.capturing')
        : instruction
          ? customer.t(`live.instruction.${instruction}`)
          : customer.t('live.holdStill');

  return (
    <section className="live-preview" aria-label={t('live.title')} data-testid="live-preview" data-status={status} data-instruction={instruction ?? 'ok'}>
      <div className="live-stage">
        {frame ? (
          <img className="live-frame" src={frame.jpeg} alt={t('live.alt')} data-seq={frame.seq} data-testid="live-frame" />
        ) : (
          <div className="live-frame live-frame-empty">
            <Spinner label={t('live.starting')} />
          </div>
        )}
        <Guides frame={frame} documentType={documentType} side={side} />
        {remaining !== null && remaining > 0 && status === 'live' ? (
          <div className="live-countdown" data-testid="live-countdown" aria-hidden="true">
            <span className="live-countdown-number">{remaining}</span>
          </div>
        ) : null}
      </div>
      {status === 'failed' ? (
        <Banner tone="error" live="assertive" action={<Button onClick={() => setAttempt((a) => a + 1)}>{t('common.tryAgain')}</Button>}>
          {error ? kioskText(error) : t('live.failed')}
        </Banner>
      ) : status === 'paused' ? (
        <Banner tone="info" action={<Button onClick={() => setAttempt((a) => a + 1)}>{t('live.resume')}</Button>}>
          {t('live.paused')}
        </Banner>
      ) : (
        <p className={`live-instruction ${instruction && status === 'live' ? 'live-instruction-fix' : 'live-instruction-good'}`} role="status" data-testid="live-instruction" lang={customer.language}>
          <span className="live-instruction-icon" aria-hidden="true">
            {instruction && status === 'live' ? '!' : '✓'}
          </span>
          {message}
          {remaining !== null && remaining > 0 && status === 'live' ? <span className="visually-hidden"> {customer.t('live.countdown', { count: remaining })}</span> : null}
        </p>
      )}
      <p className="live-hint">{t('live.manualHint')}</p>
    </section>
  );
}

/** The outline where the document goes, and (when found) the card as the kiosk sees it. */
function Guides({ frame, documentType, side }: { frame: PreviewFrame | null; documentType: DocumentType; side: CaptureSide }) {
  const w = frame?.width ?? 640;
  const h = frame?.height ?? 360;
  const ok = frame?.quality.ok ?? false;
  let outline;
  if (side === 'selfie') {
    outline = <ellipse className="live-outline" cx={w / 2} cy={h / 2} rx={h * 0.3} ry={h * 0.4} />;
  } else {
    const ow = w * OUTLINE_WIDTH;
    const oh = Math.min(h * 0.8, ow / DOCUMENT_ASPECT[documentType]);
    outline = <rect className="live-outline" x={(w - ow) / 2} y={(h - oh) / 2} width={ow} height={oh} rx={8} />;
  }
  const corners = frame?.corners;
  return (
    <svg className="live-guides" viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" aria-hidden="true">
      {outline}
      {corners ? (
        <polygon
          className={`live-card ${ok ? 'live-card-ok' : 'live-card-fix'}`}
          points={corners.map(([x, y]) => `${(x * w).toFixed(1)},${(y * h).toFixed(1)}`).join(' ')}
          data-testid="live-card"
        />
      ) : null}
    </svg>
  );
}

/*
 * Device picker support: the choice is remembered per kiosk by main, and the list is
 * refreshed while the scan screen is open. These tolerate a host without the capture calls (an older
 * core, or a test double), so the scan screen still works with the list it loaded.
 */

/** The device chosen last on this kiosk, or null. */
export async function rememberedDevice(kiosk: KioskApi): Promise<string | null> {
  if (typeof kiosk.getDevicePreference !== 'function') return null;
  const r = await kiosk.getDevicePreference({});
  return r.ok ? r.value.lastDeviceId : null;
}

export function rememberDevice(kiosk: KioskApi, deviceId: string): void {
  if (typeof kiosk.setDevicePreference === 'function') void kiosk.setDevicePreference({ deviceId });
}

/** Asks main to watch for devices coming and going while mounted; `onDevices` gets each changed list. */
export function useDeviceWatch(kiosk: KioskApi, onDevices: (devices: Device[]) => void): void {
  const latest = useRef(onDevices);
  latest.current = onDevices;
  useEffect(() => {
    if (typeof kiosk.watchDevices !== 'function') return;
    let off = () => {};
    try {
      off = kiosk.on('devicesChanged', ({ devices }) => latest.current(devices));
    } catch {
      return; // a host without the event: the list stays as loaded
    }
    // The watch is a lease in main (45 s): renewed while the screen is open, released when it closes.
    const renew = () => void kiosk.watchDevices({ active: true });
    renew();
    const timer = setInterval(renew, 20_000);
    return () => {
      off();
      clearInterval(timer);
      void kiosk.watchDevices({ active: false });
    };
  }, [kiosk]);
}
