import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, KioskErrorShape } from '../../../shared/contract';
import type { Verification, VerificationState } from '../../../shared/domain';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { formatTime, isSameLocalDay } from '../app/format';

/** A symbol for each state so the list does not rely on colour. */
export const STATE_ICON: Record<VerificationState, string> = {
  capturing: '✎',
  queued: '◷',
  submitting: '↑',
  awaiting_result: '…',
  accepted: '✓',
  declined: '✕',
  failed: '!',
  needs_attention: '⚠',
  cancelled: '–',
};

const PAGE = 100;

export function TodayScreen({ kiosk, onBack }: { kiosk: KioskApi; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Verification[] | null>(null);
  const [error, setError] = useState<KioskErrorShape | null>(null);

  async function load() {
    setError(null);
    const today: Verification[] = [];
    let cursor: string | undefined;
    // The list is newest first; stop at the first page that reaches yesterday.
    for (;;) {
      const result = await kiosk.listVerifications(cursor ? { limit: PAGE, cursor } : { limit: PAGE });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const now = new Date();
      const page = result.value.items;
      today.push(...page.filter((v) => isSameLocalDay(v.createdAt, now)));
      if (!result.value.nextCursor || page.some((v) => !isSameLocalDay(v.createdAt, now))) break;
      cursor = result.value.nextCursor;
    }
    setItems(today);
  }

  useEffect(() => {
    void load();
    const off = kiosk.on('verificationUpdated', (v) => setItems((list) => list?.map((x) => (x.id === v.id ? v : x)) ?? list));
    return off;
    // Loaded once per visit; updates arrive as events.
  }, [kiosk]);

  return (
    <div className="screen">
      <ScreenHeading>{t('today.title')}</ScreenHeading>
      {error ? (
        <Banner tone="error" live="assertive" action={<Button onClick={() => void load()}>{t('common.tryAgain')}</Button>}>
          {error.message}
        </Banner>
      ) : items === null ? (
        <p>
          <Spinner /> {t('common.loading')}
        </p>
      ) : items.length === 0 ? (
        <p className="lead">{t('today.empty')}</p>
      ) : (
        <table className="today-table" data-testid="today-list">
          <caption className="visually-hidden">{t('today.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('today.time')}</th>
              <th scope="col">{t('today.document')}</th>
              <th scope="col">{t('today.name')}</th>
              <th scope="col">{t('today.state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((v) => (
              <tr key={v.id}>
                <td>{formatTime(v.createdAt, i18n.language)}</td>
                <td>{t(`document.${v.documentType}.name`)}</td>
                <td>{v.outcome?.identity.fullName ?? '—'}</td>
                <td className={`state state-${v.state}`}>
                  <span aria-hidden="true">{STATE_ICON[v.state]}</span> {t(`state.${v.state}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <Button variant="secondary" onClick={onBack}>
          {t('common.back')}
        </Button>
      </div>
    </div>
  );
}
