// Why the last attempt to send a verification failed, in the screen's language: the catalogue sentence
// main stored with the attempt. A row stored before the sentences existed has only main's English: it
// gets a generic sentence, and the English is shown set apart, labelled as support text and marked
// lang="en", never passed off as the kiosk's sentence. `support` shows that English under a sentence too
// (the supervisor's detail, where it helps support).
import { useTranslation } from 'react-i18next';
import type { SyncInfo } from '../../../shared/domain';
import { useKioskText } from '../app/kiosk-text';

type Props = { sync: Pick<SyncInfo, 'lastError' | 'lastErrorSentence'>; support?: boolean; testId?: string };

export function SyncErrorText({ sync, support = false, testId = 'sync-error' }: Props) {
  const { t } = useTranslation();
  const kioskText = useKioskText();
  if (!sync.lastError) return null;
  const sentence = sync.lastErrorSentence;
  return (
    <>
      <p data-testid={testId}>{sentence ? kioskText({ message: sync.lastError, sentence }) : t('sync.lastErrorGeneric')}</p>
      {!sentence || support ? (
        <p className="reason-provider" data-testid={`${testId}-support`}>
          <span className="reason-provider-label">{t('sync.supportText')}</span> <q lang="en">{sync.lastError}</q>
        </p>
      ) : null}
    </>
  );
}
