import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, KioskErrorShape } from '../../../shared/contract';
import type { Verification } from '../../../shared/domain';
import { Banner } from '../components/Banner';
import { useKioskText } from '../app/kiosk-text';
import { kindOfState, StatusIcon } from '../components/StatusIcon';
import { Button } from '../components/Button';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { formatTime, isSameLocalDay, maskedName } from '../app/format';
import { OutcomeView } from './OutcomeView';

/** A symbol for each state so the list does not rely on colour. */
const PAGE = 100;

/** `openId`: a verification to open straight away (a late result's notice). */
export function TodayScreen({ kiosk, onBack, openId = null }: { kiosk: KioskApi; onBack: () => void; openId?: string | null }) {
  const { t, i18n } = useTranslation();
  const kioskText = useKioskText();
  const [items, setItems] = useState<Verification[] | null>(null);
  const [error, setError] = useState<KioskErrorShape | null>(null);
  // One verification opened read-only from the list.
  const [opened, setOpened] = useState<Verification | null>(null);
  const [openError, setOpenError] = useState<KioskErrorShape | null>(null);

  async function open(id: string) {
    setOpenError(null);
    const result = await kiosk.getVerification({ id });
    if (result.ok) setOpened(result.value);
    else setOpenError(result.error);
  }
  useEffect(() => {
    if (openId) void open(openId);
  }, [openId]);

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

  if (opened) {
    const name = maskedName(opened.outcome?.identity.fullName ?? null, i18n.language);
    return (
      <div className="screen" data-testid="today-result">
        <ScreenHeading>{t('today.resultTitle', { time: formatTime(opened.createdAt, i18n.language) })}</ScreenHeading>
        <p className="lead lead-compact">
          {t(`document.${opened.documentType}.name`)}
          {name ? ` · ${name}` : ''} ·{' '}
          <span className={`state state-${opened.state}`}>
            <StatusIcon kind={kindOfState(opened.state)} /> {t(`state.${opened.state}`)}
          </span>
        </p>
        {opened.outcome ? <OutcomeView outcome={opened.outcome} /> : null}
        <div className="actions actions-bar">
          <Button variant="primary" size="large" onClick={() => setOpened(null)} data-testid="today-result-back">
            {t('today.backToList')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="screen">
      <ScreenHeading>{t('today.title')}</ScreenHeading>
      {openError ? <Banner tone="error">{kioskText(openError)}</Banner> : null}
      {error ? (
        <Banner tone="error" live="assertive" action={<Button onClick={() => void load()}>{t('common.tryAgain')}</Button>}>
          {kioskText(error)}
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
                <td>
                  {/* The row opens the verification's result, read-only. */}
                  <button type="button" className="row-open" onClick={() => void open(v.id)} data-testid={`today-open-${v.id}`}>
                    {formatTime(v.createdAt, i18n.language)}
                    <span className="visually-hidden"> {t('today.openRow')}</span>
                  </button>
                </td>
                <td>{t(`document.${v.documentType}.name`)}</td>
                <td data-testid="today-name">{maskedName(v.outcome?.identity.fullName ?? null, i18n.language) ?? '—'}</td>
                <td className={`state state-${v.state}`}>
                  <StatusIcon kind={kindOfState(v.state)} /> {t(`state.${v.state}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions actions-bar">
        <Button variant="primary" size="large" onClick={onBack}>
          {t('common.back')}
        </Button>
      </div>
    </div>
  );
}
