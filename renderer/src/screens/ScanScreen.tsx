import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, KioskErrorShape } from '../../../shared/contract';
import type { CaptureSide, CaptureSummary, Device, Verification } from '../../../shared/domain';
import { Banner, ErrorBanner } from '../components/Banner';
import { useKioskText } from '../app/kiosk-text';
import { useCustomerTranslation } from '../app/customer-language';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { QualityView } from '../components/QualityView';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { requiredSides } from '../app/flow';
import { DEVICE_STORAGE_KEY, safeLocalStorage } from '../app/settings';
import { captureDevices, pickAfterListChange, pickDevice } from '../app/devices';
import { LivePreview, rememberDevice, rememberedDevice, useDeviceWatch } from '../components/LivePreview';
import { ProviderPageOffer } from '../components/ProviderPageOffer';

/**
 * The capture reply may come without a preview (lists omit it); then the verification is read once
 * to get the image the teller must see before moving on.
 */
async function withPreview(kiosk: KioskApi, verificationId: string, capture: CaptureSummary): Promise<CaptureSummary> {
  if (capture.preview) return capture;
  const full = await kiosk.getVerification({ id: verificationId });
  const match = full.ok ? full.value.captures.find((c) => c.id === capture.id) : undefined;
  return match?.preview ? { ...capture, preview: match.preview } : capture;
}

type Props = {
  kiosk: KioskApi;
  verification: Verification;
  captures: Partial<Record<CaptureSide, CaptureSummary>>;
  /** `verificationId`: the verification the capture was taken for (the screen may have moved on when it arrives). */
  onCaptured: (verificationId: string, capture: CaptureSummary) => void;
  onBack: () => void;
  /** Cancel the verification (App asks first when it holds captures). */
  onCancel: () => void;
  onReview: () => void;
  /** The customer finished on the provider's own page instead (the verification is submitted). */
  onSubmitted: (verification: Verification) => void;
};

export function ScanScreen({ kiosk, verification, captures, onCaptured, onBack, onCancel, onReview, onSubmitted }: Props) {
  const { t } = useTranslation();
  const kioskText = useKioskText();
  const customer = useCustomerTranslation();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [deviceError, setDeviceError] = useState<KioskErrorShape | null>(null);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [busySide, setBusySide] = useState<CaptureSide | null>(null);
  /** The device the teller picked themselves on this screen (chooseDevice), if any. */
  const chosenByTeller = useRef<string | null>(null);
  /** A camera side the teller asked to take again: it goes back through the live preview. */
  const [retakeSide, setRetakeSide] = useState<CaptureSide | null>(null);
  /** The document sides whose "turn it over" step the teller has confirmed (camera only). */
  const [turned, setTurned] = useState<ReadonlySet<CaptureSide>>(new Set());
  const [errors, setErrors] = useState<Partial<Record<CaptureSide, KioskErrorShape>>>({});
  const sides = requiredSides(verification);
  const docName = t(`document.${verification.documentType}.name`);

  async function loadDevices() {
    setDeviceError(null);
    setDevices(null);
    const result = await kiosk.listDevices({});
    if (!result.ok) {
      setDeviceError(result.error);
      return;
    }
    const listed = captureDevices(result.value);
    setDevices(listed);
    const remembered = (await rememberedDevice(kiosk)) ?? safeLocalStorage()?.getItem(DEVICE_STORAGE_KEY) ?? null;
    // The list is on screen while the remembered device is looked up: a device the teller picked in
    // that moment stays picked (otherwise the late answer would silently undo their choice).
    setDeviceId((current) => (current && listed.some((d) => d.id === current) ? current : pickDevice(listed, remembered)));
  }
  // Devices plugged in or removed while this screen is open.
  // The teller's own pick survives a device briefly missing from a list (a scanner listing that
  // failed once): picked again as soon as it is back, instead of staying on the stand-in.
  useDeviceWatch(kiosk, (all) => {
    const list = captureDevices(all);
    setDevices(list);
    setDeviceId((current) => pickAfterListChange(list, current, chosenByTeller.current));
  });
  useEffect(() => {
    void loadDevices();
    // Load once per visit of the screen; "refresh" re-runs it on demand.
  }, []);

  function chooseDevice(id: string) {
    chosenByTeller.current = id;
    setDeviceId(id);
    safeLocalStorage()?.setItem(DEVICE_STORAGE_KEY, id);
    rememberDevice(kiosk, id);
  }

  async function capture(side: CaptureSide) {
    if (!deviceId) return;
    setBusySide(side);
    setErrors((e) => ({ ...e, [side]: undefined }));
    const result = await kiosk.capture({ verificationId: verification.id, side, deviceId });
    if (result.ok) onCaptured(verification.id, await withPreview(kiosk, verification.id, result.value));
    else setErrors((e) => ({ ...e, [side]: result.error }));
    setBusySide(null);
  }

  const done = sides.every((s) => captures[s]);
  const nextSide = sides.find((s) => !captures[s]);
  const device = devices?.find((d) => d.id === deviceId);
  const camera = device?.kind === 'camera';
  // A camera shows its live picture for the side being taken again, else the first side still to capture.
  // Not for a camera without one (one-shot programs: livePreview false): its preview could only fail.
  const pendingSide = retakeSide ?? nextSide;
  // A document's back needs the card turned over first: an explicit step, so the camera never takes the front twice.
  const mustTurn = camera && pendingSide === 'back' && captures.front !== undefined && !captures.back && !turned.has('back');
  const liveSide = camera && device.livePreview !== false && !mustTurn ? pendingSide : undefined;
  const hintKey = (side: CaptureSide) => (camera && side !== 'selfie' ? `scan.cameraHint.${side}` : `scan.hint.${verification.documentType}.${side}`);
  const captured = (c: CaptureSummary) => {
    setRetakeSide((r) => (r === c.side ? null : r));
    onCaptured(verification.id, c);
  };
  return (
    <div className="screen screen-scan">
      <ScreenHeading>{t('scan.title', { document: docName })}</ScreenHeading>

      <Card title={t('scan.deviceTitle')} className="card-compact">
        {deviceError ? (
          <Banner tone="error" live="assertive" action={<Button onClick={() => void loadDevices()}>{t('common.tryAgain')}</Button>}>
            {kioskText(deviceError)}
          </Banner>
        ) : devices === null ? (
          <p>
            <Spinner /> {t('scan.loadingDevices')}
          </p>
        ) : devices.length === 0 ? (
          <Banner tone="warning" action={<Button onClick={() => void loadDevices()}>{t('scan.refreshDevices')}</Button>}>
            {t('scan.noDevices')}
          </Banner>
        ) : (
          <fieldset className="device-list">
            <legend className="visually-hidden">{t('scan.deviceTitle')}</legend>
            {devices.map((device) => (
              <label key={device.id} className={`device ${device.id === deviceId ? 'device-selected' : ''}`} data-testid={`device-${device.id}`}>
                <input
                  type="radio"
                  name="device"
                  value={device.id}
                  checked={device.id === deviceId}
                  // Not while a side is being captured: the other device would start on the same side.
                  disabled={busySide !== null}
                  onChange={() => chooseDevice(device.id)}
                />
                <span className="device-label">{device.label}</span>
                <span className="device-kind">
                  {t(`scan.kind.${device.kind}`)}
                  {device.specimen ? ` · ${t('scan.specimen')}` : ''}
                </span>
              </label>
            ))}
          </fieldset>
        )}
      </Card>

      <div className={`scan-stage ${liveSide || mustTurn ? 'scan-stage-camera' : ''}`}>
        {mustTurn ? (
          <Card title={<span lang={customer.language}>{customer.t('scan.turnTitle')}</span>} className="turn-over" tone="warn">
            <div className="turn-over-body" data-testid="turn-over" lang={customer.language}>
              <span className="turn-over-icon" aria-hidden="true">
                ⟲
              </span>
              <p className="lead">{customer.t('scan.turnBody', { document: customer.t(`document.${verification.documentType}.name`) })}</p>
            </div>
            <Button variant="primary" size="large" onClick={() => setTurned((s) => new Set(s).add('back'))} data-testid="turned-over">
              {t('scan.turnDone')}
            </Button>
          </Card>
        ) : liveSide && deviceId ? (
          <Card title={t('live.sideTitle', { side: t(`side.${liveSide}`) })} className="live-card-panel">
            <LivePreview
              key={`${deviceId}/${liveSide}/${retakeSide ?? ''}`}
              kiosk={kiosk}
              verificationId={verification.id}
              documentType={verification.documentType}
              side={liveSide}
              deviceId={deviceId}
              onCaptured={(c) => void withPreview(kiosk, verification.id, c).then(captured)}
            />
          </Card>
        ) : null}

        <div className="side-grid">
          {/* Beside a live picture the column is short: the side being captured comes first, so its button is in view. */}
          {(liveSide ? [...sides].sort((a, b) => Number(b === pendingSide) - Number(a === pendingSide)) : sides).map((side) => {
            const taken = retakeSide === side ? undefined : captures[side];
            const sideName = t(`side.${side}`);
            const error = errors[side];
            // One primary action on the screen: the side to capture next, unless the turn-over step or Continue holds it.
            const primary = !mustTurn && !done && side === pendingSide;
            return (
              <Card key={side} title={sideName} tone={taken ? (taken.quality?.ok === false ? 'warn' : 'ok') : undefined}>
                <p className="hint">{t(hintKey(side), { document: docName })}</p>
                {taken ? (
                  <>
                    {taken.preview ? (
                      <img className="preview" src={taken.preview} alt={t('scan.previewAlt', { side: sideName })} data-testid={`preview-${side}`} />
                    ) : (
                      <p className="preview-missing">{t('scan.previewMissing')}</p>
                    )}
                    <QualityView quality={taken.quality} />
                  </>
                ) : liveSide === side ? null : (
                  <div className="preview-placeholder" aria-hidden="true" />
                )}
                <ErrorBanner error={error} />
                <Button
                  variant={primary ? 'primary' : 'secondary'}
                  size={primary ? 'large' : 'normal'}
                  onClick={() => {
                    // A camera with a live picture retakes through it: the teller sees the frame before the still.
                    if (taken && camera && device?.livePreview !== false && side !== 'selfie') setRetakeSide(side);
                    else void capture(side);
                  }}
                  disabled={!deviceId || (busySide !== null && busySide !== side) || (mustTurn && side === 'back')}
                  busy={busySide === side}
                  busyLabel={t('scan.scanning')}
                  data-testid={taken ? `retake-${side}` : `capture-${side}`}
                >
                  {busySide === side ? t('scan.scanning') : taken ? t(`scan.retake.${side}`) : t(`scan.capture.${side}`)}
                </Button>
              </Card>
            );
          })}
        </div>
      </div>

      {sides.every((s) => !captures[s]) ? <ProviderPageOffer kiosk={kiosk} verification={verification} onSubmitted={onSubmitted} /> : null}

      {!done ? <p className="hint">{t('scan.allSidesFirst')}</p> : null}
      <div className="actions actions-bar">
        <div className="actions-group">
          <Button variant="quiet" onClick={onCancel} disabled={busySide !== null} data-testid="scan-cancel">
            {t('common.cancelVerification')}
          </Button>
          <Button variant="quiet" onClick={onBack} disabled={busySide !== null} data-testid="change-document">
            {t('scan.changeDocument')}
          </Button>
        </div>
        <Button variant={done ? 'primary' : 'secondary'} size="large" onClick={onReview} disabled={!done || busySide !== null} data-testid="to-review">
          {t('scan.continue')}
        </Button>
      </div>
    </div>
  );
}
