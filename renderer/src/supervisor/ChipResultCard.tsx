// The verification's document chip on the supervisor's detail page: the latest read's outcome in words
// (the same catalogue sentence the teller saw, in the supervisor's language), the signing state, how the
// chip was opened (BAC/PACE, key from the kiosk's MRZ reading or typed by the teller), the data groups
// whose hashes matched, the chip data against the printed page, the clone check (chip or active
// authentication) and the signer's revocation status, when, and the chip's face picture.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ChipCloneCheck, ChipResultView, ChipRevocation } from '../../../shared/contract-chip';
import { useKioskText } from '../app/kiosk-text';
import { countryOfCode } from '../app/country-names';
import { FRAUD_OUTCOMES } from '../app/chip';
import { Card } from '../components/Card';
import { formatDateTime } from './session';
import './chip-result.css';

export function ChipResultCard({ chip, onView }: { chip: ChipResultView | null | undefined; onView: (image: { src: string; alt: string }) => void }) {
  const { t, i18n } = useTranslation();
  const text = useKioskText();
  if (!chip) {
    return (
      <Card title={t('supervisor.chip.title')}>
        <p data-testid="chip-result-none">{t('supervisor.chip.notRead')}</p>
      </Card>
    );
  }
  const tone = chip.outcome === 'verified' ? 'ok' : FRAUD_OUTCOMES.has(chip.outcome) ? 'bad' : 'warn';
  const symbol = tone === 'ok' ? '✓' : tone === 'bad' ? '✕' : '⚠';
  const method = chip.accessMethod ? chip.accessMethod.toUpperCase() : '—';
  const printed = chip.printedMrzMatch === null ? t('supervisor.chip.notCompared') : chip.printedMrzMatch ? t('supervisor.chip.match') : t('supervisor.chip.differs');
  const faceAlt = t('supervisor.chip.face');
  return (
    <Card title={t('supervisor.chip.title')} tone={tone}>
      <div className="chip-result-view" data-testid="chip-result" data-outcome={chip.outcome}>
        <p className={`chip-result-sentence chip-result-${tone}`}>
          <span aria-hidden="true">{symbol}</span> <strong>{text({ message: chip.message, sentence: chip.sentence })}</strong>
        </p>
        <div className="chip-result-body">
          <dl className="field-list">
            <Row label={t('supervisor.chip.country')} value={chip.country ? countryOfCode(chip.sentence.params.country ? String(chip.sentence.params.country) : chip.country, i18n.language) : '—'} testId="chip-result-country" />
            <Row label={t('supervisor.chip.access')} value={chip.accessMethod ? t(chip.accessKey === 'typed' ? 'supervisor.chip.keyTyped' : 'supervisor.chip.keyMrz', { method }) : '—'} testId="chip-result-access" />
            <Row label={t('supervisor.chip.dataGroups')} value={chip.dataGroupsVerified.length ? chip.dataGroupsVerified.map((n) => `DG${n}`).join(', ') : t('supervisor.chip.none')} testId="chip-result-groups" />
            <Row label={t('supervisor.chip.printed')} value={printed} testId="chip-result-printed" />
            {chip.cloneCheck ? <Row label={t('supervisor.chip.cloneCheck')} value={cloneCheckText(chip.cloneCheck, t)} testId="chip-result-clone" /> : null}
            {chip.revocation ? <Row label={t('supervisor.chip.revocation')} value={revocationText(chip.revocation, t)} testId="chip-result-revocation" /> : null}
            <Row label={t('supervisor.chip.readAt')} value={formatDateTime(chip.readAt, i18n.language)} />
            <Row label={t('supervisor.chip.reads')} value={String(chip.reads)} />
            {chip.signer ? <Row label={t('supervisor.chip.signer')} value={chip.signer} /> : null}
            {chip.training ? <Row label={t('supervisor.chip.trainingLabel')} value={t('supervisor.chip.training')} /> : null}
          </dl>
          {chip.face ? (
            <figure className="capture-figure chip-result-face">
              <button type="button" className="image-open" onClick={() => onView({ src: chip.face!, alt: faceAlt })} aria-label={t('supervisor.viewer.open', { what: faceAlt })}>
                <img src={chip.face} alt={faceAlt} data-testid="chip-result-face" />
              </button>
              <figcaption>{faceAlt}</figcaption>
            </figure>
          ) : null}
        </div>
      </div>
    </Card>
  );
}

function cloneCheckText(c: ChipCloneCheck, t: TFunction): string {
  const method = t(c.method === 'active-authentication' ? 'supervisor.chip.methodActiveAuthentication' : 'supervisor.chip.methodChipAuthentication');
  switch (c.status) {
    case 'passed':
      return t('supervisor.chip.clonePassed', { method });
    case 'failed':
      return t('supervisor.chip.cloneFailed', { method });
    case 'not-supported':
      return t(c.notSupportedBy === 'kiosk' ? 'supervisor.chip.cloneNotSupportedKiosk' : 'supervisor.chip.cloneNotSupported');
    default:
      return t('supervisor.chip.cloneNotRun');
  }
}

function revocationText(r: ChipRevocation, t: TFunction): string {
  if (r.status === 'not-revoked') return t('supervisor.chip.revocationCurrent');
  return t(r.reason === 'crl-expired' ? 'supervisor.chip.revocationExpired' : 'supervisor.chip.revocationNoList');
}

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="field-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
