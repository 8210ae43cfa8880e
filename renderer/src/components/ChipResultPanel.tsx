// The chip read on the teller's result screen: what the chip showed ("Chip verified by <country>" or
// exactly what failed, with its next step), the chip verified on this kiosk while the provider cannot be
// reached (`chipLocal`), and the chip's photo beside the document's portrait and the customer's photo.
// Asked from main with chipResult (only while the teller works on the verification); nothing is shown
// when the chip was not read.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { iso31661Alpha2ToAlpha3 } from 'iso-3166';
import type { KioskApi } from '../../../shared/contract';
import type { ChipReadSummary } from '../../../shared/contract-chip';
import type { CaptureSummary, Verification } from '../../../shared/domain';
import { kioskMessage } from '../../../shared/kiosk-message';
import { nextStepAfter } from '../app/chip';
import { useKioskText } from '../app/kiosk-text';
import { Banner } from './Banner';
import { Card } from './Card';
import { ChipFaces } from './ChipFaces';
import { CHIP_TONE } from './ChipStep';

type Props = {
  kiosk: KioskApi;
  verification: Verification;
  documentFront: CaptureSummary | null;
  selfie: string | null;
};

export function ChipResultPanel({ kiosk, verification, documentFront, selfie }: Props) {
  const { t } = useTranslation();
  const text = useKioskText();
  const [chip, setChip] = useState<{ latest: ChipReadSummary | null; face: string | null } | null>(null);
  const id = verification.id;

  useEffect(() => {
    let alive = true;
    void kiosk.chipResult({ verificationId: id }).then((r) => {
      if (alive && r.ok) setChip(r.value);
    });
    return () => {
      alive = false;
    };
  }, [kiosk, id]);

  const local = verification.chipLocal;
  const latest = chip?.latest ?? null;
  if (!latest && !local) return null;
  const step = latest ? nextStepAfter(latest.outcome) : 'done';
  // After the provider's outcome, "You can submit" no longer applies: the fraud signals keep their step.
  const next = step === 'supervisor' ? t('chip.next.supervisor') : null;

  return (
    <Card title={t('chip.title')} className="chip-step chip-result-panel" tone={step === 'done' ? 'ok' : step === 'supervisor' ? 'bad' : undefined}>
      <div data-testid="chip-result-panel" data-outcome={latest?.outcome ?? ''}>
        {latest ? (
          <Banner tone={CHIP_TONE[step]} testId="chip-result-outcome" live={step === 'supervisor' ? 'assertive' : 'polite'}>
            <p className="chip-sentence">{text({ message: latest.message, sentence: latest.sentence })}</p>
            {next ? (
              <p className="chip-next">
                <strong>{next}</strong>
              </p>
            ) : null}
          </Banner>
        ) : null}
        {local ? (
          <p className="chip-local" data-testid="chip-local">
            {text({ message: '', sentence: kioskMessage('chip_verified_locally', { country: alpha3(local.country) }) })}
          </p>
        ) : null}
        {latest && (latest.faceKept || latest.outcome === 'verified') ? <ChipFaces face={chip?.face ?? null} front={documentFront} selfie={selfie} /> : null}
      </div>
    </Card>
  );
}

/** chipLocal names the signing state by its CSCA's alpha-2 code; catalogue sentences name countries by alpha-3. */
const alpha3 = (code: string | null): string => (code ? ((iso31661Alpha2ToAlpha3 as Record<string, string>)[code.toUpperCase()] ?? code) : '?');
