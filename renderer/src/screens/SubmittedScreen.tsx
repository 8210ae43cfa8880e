import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import { isFinalState, type CaptureSummary, type KioskStatus, type Verification } from '../../../shared/domain';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { StatusIcon } from '../components/StatusIcon';
import { SyncErrorText } from '../components/SyncErrorText';
import { ScreenHeading } from '../components/ScreenHeading';
import { Progress, Spinner } from '../components/Spinner';
import { formatBytes } from '../app/format';
import { VERIFICATION_POLL_MS } from '../app/settings';
import { isOffline, waitingToSend } from '../app/status';
import { syncActivity } from '../app/sync-activity';
import { OutcomeView } from './OutcomeView';
import { ChipResultPanel } from '../components/ChipResultPanel';
import { nameOfCode } from '../app/countries';
import { cachedCountries } from '../app/use-countries';
import { outcomeAdvice } from '../app/outcome-advice';


type Props = {
  kiosk: KioskApi;
  verification: Verification;
  status: KioskStatus | null;
  onUpdate: (v: Verification) => void;
  onDone: () => void;
  /** Preview of the customer photo taken in this flow, shown beside the document portrait. */
  selfie?: string | null;
  /** The kiosk's capture gate passed every side of this verification (null: not known). */
  imagesGood?: boolean | null;
  /** The kiosk's scan of the photo page (its portrait stands in when the provider returned none). */
  documentFront?: CaptureSummary | null;
  /** A new verification for the same document type, same customer (no consent again); absent: not offered. */
  onScanAgain?: () => Promise<void>;
};

export function SubmittedScreen({ kiosk, verification, status, onUpdate, onDone, selfie = null, imagesGood = null, documentFront = null, onScanAgain }: Props) {
  const { t, i18n } = useTranslation();
  const final = isFinalState(verification.state);
  const [again, setAgain] = useState(false);
  // "Scan again" only where the result says a new scan can help (not a fraud signal, not a decline).
  const scanAgain = onScanAgain && verification.outcome && outcomeAdvice(verification.outcome, imagesGood) === 'scan_again' ? onScanAgain : null;
  const country = verification.issuingCountry;

  // Events drive this screen; a slow re-read covers an event lost while the stream reconnected.
  useEffect(() => {
    if (final) return;
    const timer = window.setInterval(async () => {
      const result = await kiosk.getVerification({ id: verification.id });
      if (result.ok) onUpdate(result.value);
    }, VERIFICATION_POLL_MS);
    return () => window.clearInterval(timer);
  }, [kiosk, verification.id, final, onUpdate]);

  const { sync } = verification;
  const waiting = status ? waitingToSend(status.queue) : null;
  const online = !isOffline(status);
  const step = t(`sync.step.${syncActivity(sync.step)}`);
  // Offline, a verification stopped mid-send (no upload running) is in the same place for the teller
  // as a queued one: saved, and going out when the branch is back online.
  const stalled = verification.state === 'submitting' && !online && !sync.bytesTotal;
  const parked = verification.state === 'capturing' || verification.state === 'queued' || stalled;

  let body;
  switch (parked ? 'queued' : verification.state) {
    case 'queued':
      body = (
        <Card>
          <p className="state-line" data-testid="state-queued">
            <StatusIcon kind={online ? 'queued' : 'offline'} /> {online ? t('submitted.queuedOnline') : t('submitted.queuedOffline')}
          </p>
          {waiting !== null ? <p data-testid="waiting-count">{t('submitted.waiting', { count: waiting })}</p> : null}
          {online ? <SyncErrorText sync={sync} /> : null}
        </Card>
      );
      break;
    case 'submitting':
    case 'awaiting_result':
      body = (
        <Card>
          <p className="state-line" data-testid="state-syncing">
            <Spinner /> {verification.state === 'awaiting_result' ? t('submitted.awaiting') : t('submitted.sending')}
          </p>
          <p>{t('sync.current', { step })}</p>
          {sync.bytesTotal ? (
            <Progress
              value={sync.bytesSent ?? 0}
              max={sync.bytesTotal}
              label={t('sync.uploadLabel')}
              text={t('sync.bytes', { sent: formatBytes(sync.bytesSent ?? 0, i18n.language), total: formatBytes(sync.bytesTotal, i18n.language) })}
            />
          ) : null}
        </Card>
      );
      break;
    case 'needs_attention':
      body = (
        <Banner tone="warning" testId="state-attention">
          <p>{t('submitted.attention')}</p>
          <SyncErrorText sync={sync} />
        </Banner>
      );
      break;
    case 'cancelled':
      body = <Banner tone="info">{t('submitted.cancelled')}</Banner>;
      break;
    default:
      body = verification.outcome ? (
        <OutcomeView outcome={verification.outcome} selfie={selfie} imagesGood={imagesGood} documentFront={documentFront} />
      ) : (
        <Banner tone="warning">{t('submitted.noOutcome')}</Banner>
      );
  }

  return (
    <div className="screen">
      <ScreenHeading>{final ? t('submitted.titleResult') : t('submitted.title')}</ScreenHeading>
      {body}
      <ChipResultPanel kiosk={kiosk} verification={verification} documentFront={documentFront} selfie={selfie} />
      {/* The issuing country this verification was sent with, and who said so. */}
      {country?.effective && (country.ask !== null || country.chosen) ? (
        <Card title={t('country.reviewTitle')}>
          <p className="country-outcome" data-testid="outcome-country" data-country={country.effective}>
            <strong>{`${nameOfCode(country.effective, cachedCountries(), i18n.language)} (${country.effective})`}</strong> ·{' '}
            {country.chosen ? t('country.sourceChosen') : t('country.sourceRead')}
            {country.mismatch && country.confirmed && country.read ? ` · ${t('country.confirmedShort', { read: country.read })}` : ''}
          </p>
        </Card>
      ) : null}
      <div className="actions actions-bar">
        {scanAgain ? (
          <Button
            variant="primary"
            size="large"
            busy={again}
            onClick={() => {
              setAgain(true);
              void scanAgain().finally(() => setAgain(false));
            }}
            data-testid="scan-again"
          >
            {t('outcome.scanAgain')}
          </Button>
        ) : null}
        <Button variant={final && !scanAgain ? 'primary' : 'secondary'} size="large" onClick={onDone} data-testid="next-customer">
          {t('submitted.next')}
        </Button>
      </div>
    </div>
  );
}
