import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, KioskErrorShape } from '../../../shared/contract';
import type { CaptureSide, CaptureSummary, Device, Verification } from '../../../shared/domain';
import { Banner, ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { QualityView } from '../components/QualityView';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { requiredSides } from '../app/flow';
import { DEVICE_STORAGE_KEY, safeLocalStorage } from '../app/settings';
import { pickAfterListChange, pickDevice } from '../app/devices';
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
  onReview: () => void;
  /** The customer finished on the provider's own page instead (the verification is submitted). */
  onSubmitted: (verification: Verification) => void;
};

export function ScanScreen({ kiosk, verification, captures, onCaptured, onBack, onReview, onSubmitted }: Props) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [deviceError, setDeviceError] = useState<KioskErrorShape | null>(null);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [busySide, setBusySide] = useState<CaptureSide | null>(null);
  /** The device the teller picked themselves on this screen (chooseDevice), if any. */
  const chosenByTeller = useRef<string | null>(null);
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
    setDevices(result.value);
    const remembered = (await rememberedDevice(kiosk)) ?? safeLocalStorage()?.getItem(DEVICE_STORAGE_KEY) ?? null;
    // The list is on screen while the remembered device is looked up: a device the teller picked in
    // that moment stays picked (otherwise the late answer would silently undo their choice).
    setDeviceId((current) => (current && result.value.some((d) => d.id === current) ? current : pickDevice(result.value, remembered)));
  }
  // Devices plugged in or removed while this screen is open.
  // The teller's own pick survives a device briefly missing from a list (a scanner listing that
  // failed once): picked again as soon as it is back, instead of staying on the stand-in.
  useDeviceWatch(kiosk, (list) => {
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
  // A camera shows its live picture for the first side still to capture.
  // Not for a camera without one (one-shot programs: livePreview false): its preview could only fail.
  const device = devices?.find((d) => d.id === deviceId);
  const liveSide = device?.kind === 'camera' && device.livePreview !== false ? sides.find((s) => !captures[s]) : undefined;
  return (
    <div className="screen">
      <ScreenHeading>{t('scan.title', { document: docName })}</ScreenHeading>

      <Card title={t('scan.deviceTitle')}>
        {deviceError ? (
          <Banner tone="error" live="assertive" action={<Button onClick={() => void loadDevices()}>{t('common.tryAgain')}</Button>}>
            {deviceError.message}
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

      {liveSide && deviceId ? (
        <Card title={t('live.title')}>
          <LivePreview
            key={`${deviceId}/${liveSide}`}
            kiosk={kiosk}
            verificationId={verification.id}
            documentType={verification.documentType}
            side={liveSide}
            deviceId={deviceId}
            onCaptured={(c) => void withPreview(kiosk, verification.id, c).then((withIt) => onCaptured(verification.id, withIt))}
          />
        </Card>
      ) : null}

      <div className="side-grid">
        {sides.map((side) => {
          const captured = captures[side];
          const sideName = t(`side.${side}`);
          const error = errors[side];
          return (
            <Card key={side} title={sideName} tone={captured ? (captured.quality?.ok === false ? 'warn' : 'ok') : undefined}>
              <p className="hint">{t(`scan.hint.${verification.documentType}.${side}`)}</p>
              {captured ? (
                <>
                  {captured.preview ? (
                    <img className="preview" src={captured.preview} alt={t('scan.previewAlt', { side: sideName })} data-testid={`preview-${side}`} />
                  ) : (
                    <p className="preview-missing">{t('scan.previewMissing')}</p>
                  )}
                  <QualityView quality={captured.quality} />
                </>
              ) : (
                <div className="preview-placeholder" aria-hidden="true" />
              )}
              <ErrorBanner error={error} />
              <Button
                variant={captured ? 'secondary' : 'primary'}
                size="large"
                onClick={() => void capture(side)}
                disabled={!deviceId || (busySide !== null && busySide !== side)}
                busy={busySide === side}
                busyLabel={t('scan.scanning')}
                data-testid={captured ? `retake-${side}` : `capture-${side}`}
              >
                {busySide === side ? t('scan.scanning') : captured ? t(`scan.retake.${side}`) : t(`scan.capture.${side}`)}
              </Button>
            </Card>
          );
        })}
      </div>

      {sides.every((s) => !captures[s]) ? <ProviderPageOffer kiosk={kiosk} verification={verification} onSubmitted={onSubmitted} /> : null}

      {!done ? <p className="hint">{t('scan.allSidesFirst')}</p> : null}
      <div className="actions">
        <Button variant="quiet" onClick={onBack} disabled={busySide !== null}>
          {t('scan.changeDocument')}
        </Button>
        <Button variant="primary" size="large" onClick={onReview} disabled={!done || busySide !== null} data-testid="to-review">
          {t('scan.continue')}
        </Button>
      </div>
    </div>
  );
}
