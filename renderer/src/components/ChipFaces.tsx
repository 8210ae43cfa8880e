// The chip's photo beside the document's portrait and the customer's photo, for the teller to compare with
// their own eyes: on the review screen's chip step and on the result screen. The document's portrait is
// the precheck's crop of the photo page when it found one, else the page itself.
import { useTranslation } from 'react-i18next';
import type { CaptureSummary } from '../../../shared/domain';
import { PortraitCrop } from './PortraitCrop';
import './chip-step.css';

/** The precheck found the printed portrait on the photo page (PortraitCrop can cut it out). */
const hasPortrait = (c: CaptureSummary): boolean => !!c.preview && !!c.precheck?.face?.ok && c.precheck.face.target === 'document_portrait' && !!c.precheck.face.largest;

export function ChipFaces({ face, front, selfie }: { face: string | null; front: CaptureSummary | null; selfie: string | null }) {
  const { t } = useTranslation();
  return (
    <figure className="chip-faces" data-testid="chip-faces">
      <figcaption>{t('chip.compareTitle')}</figcaption>
      <div className="chip-face-row">
        <div className="chip-face">
          {face ? <img src={face} alt={t('chip.faceChip')} data-testid="chip-face" /> : <p className="preview-missing">{t('chip.noChipFace')}</p>}
          <span>{t('chip.faceChip')}</span>
        </div>
        {front && (hasPortrait(front) || front.preview) ? (
          <div className="chip-face">
            {hasPortrait(front) ? (
              <PortraitCrop capture={front} alt={t('chip.faceDocument')} testId="chip-face-document" />
            ) : (
              <img src={front.preview!} alt={t('chip.faceDocument')} data-testid="chip-face-document" />
            )}
            <span>{t('chip.faceDocument')}</span>
          </div>
        ) : null}
        {selfie ? (
          <div className="chip-face">
            <img src={selfie} alt={t('chip.faceSelfie')} data-testid="chip-face-selfie" />
            <span>{t('chip.faceSelfie')}</span>
          </div>
        ) : null}
      </div>
    </figure>
  );
}
