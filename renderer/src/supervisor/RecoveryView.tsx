// The supervisor's screen while the kiosk is stopped on its database: what the start-up checks found
// (the sentence from main, the counts beside it), the checked backups, and the two ways on: restore a
// backup or accept the current state (a rolled-back database only), each with a reason and the PIN
// again; under four-eyes a second supervisor confirms. Nothing is written in main before that.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallResponse, KioskErrorShape } from '../../../shared/contract';
import { Banner, ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { Spinner } from '../components/Spinner';
import { SecondPinDialog } from './Dialog';
import { formatDateTime, useSupervisor } from './session';
import { useSupervisorErrorText } from './error-text';
import { useKioskText } from '../app/kiosk-text';

type Status = Extract<CallResponse<'recoveryStatus'>, { stopped: true }>;
type Backup = CallResponse<'recoveryBackups'>['backups'][number];
type Result = CallResponse<'recoveryRequest'>;
type Choice = { action: 'restore'; backup: Backup } | { action: 'accept' };

export function RecoveryView({ status, onRecovered }: { status: Status; onRecovered: (sentence: string) => void }) {
  const { t, i18n } = useTranslation();
  // The finding in the teller's language; the store's detailed English diagnosis is the fallback.
  const recoveryText = useKioskText();
  const errorText = useSupervisorErrorText();
  const { call, kiosk } = useSupervisor();
  const [current, setCurrent] = useState(status);
  const [backups, setBackups] = useState<Backup[] | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language;
  const { finding } = current;

  const reload = useCallback(async () => {
    const [s, b] = await Promise.all([kiosk.recoveryStatus({}), call('recoveryBackups', {})]);
    if (s.ok && s.value.stopped) setCurrent(s.value);
    if (b.ok) setBackups(b.value.backups);
    else setError(errorText(b.error));
  }, [kiosk, call]);
  useEffect(() => void reload(), [reload]);

  /** The answer to a request or a confirmation: done, waiting for the second supervisor, or why not. */
  const settle = async (r: { ok: true; value: Result } | { ok: false; error: KioskErrorShape }): Promise<string | null> => {
    if (!r.ok) return errorText(r.error);
    const v = r.value;
    if (v.status === 'wrong_pin') return t('supervisor.decide.wrongPin', { count: v.attemptsLeft });
    if (v.status === 'locked') return t('supervisor.login.locked', { time: formatDateTime(v.lockedUntil, lang) });
    setChoice(null);
    setConfirming(false);
    if (v.status === 'applied') onRecovered(v.sentence);
    else await reload();
    return null;
  };

  return (
    <section className="screen" data-testid="supervisor-recovery">
      <h1>{t('supervisor.recovery.title')}</h1>
      <Banner tone="error" testId="recovery-finding">
        <strong>{t(finding.kind === 'damaged' ? 'supervisor.recovery.damaged' : 'supervisor.recovery.rolledBack')}</strong> {recoveryText({ message: finding.sentence, sentence: finding.said })}
      </Banner>
      <dl className="field-list">
        {finding.missingRows !== null ? (
          <div className="field-row">
            <dt>{t('supervisor.recovery.missingRows')}</dt>
            <dd data-testid="recovery-missing">{finding.missingRows}</dd>
          </div>
        ) : null}
        {finding.databaseRows !== null ? (
          <div className="field-row">
            <dt>{t('supervisor.recovery.databaseRows')}</dt>
            <dd>{t('supervisor.recovery.rowsUntil', { rows: finding.databaseRows, time: formatDateTime(finding.databaseLastAt, lang) })}</dd>
          </div>
        ) : null}
        {finding.anchor ? (
          <div className="field-row">
            <dt>{t('supervisor.recovery.anchorRows')}</dt>
            <dd>{t('supervisor.recovery.rowsAt', { rows: finding.anchor.rows, time: formatDateTime(finding.anchor.writtenAt, lang) })}</dd>
          </div>
        ) : null}
        {finding.forwarded ? (
          <div className="field-row">
            <dt>{t('supervisor.recovery.forwardedRows', { destination: finding.forwarded.destination })}</dt>
            <dd>{t('supervisor.recovery.rowsAt', { rows: finding.forwarded.rows, time: formatDateTime(finding.forwarded.confirmedAt, lang) })}</dd>
          </div>
        ) : null}
      </dl>
      <ErrorBanner error={error} />

      {current.pending ? (
        <Banner tone="warning" testId="recovery-pending">
          {current.pending.action === 'restore'
            ? t('supervisor.recovery.pendingRestore', { name: current.pending.requestedBy, backup: current.pending.backup ?? '', reason: current.pending.reason })
            : t('supervisor.recovery.pendingAccept', { name: current.pending.requestedBy, reason: current.pending.reason })}
          <div className="actions">
            <Button variant="primary" onClick={() => setConfirming(true)} data-testid="recovery-confirm-open">
              {t('supervisor.fourEyes.confirmOpen')}
            </Button>
            <Button variant="secondary" onClick={() => void call('recoveryDiscard', {}).then(reload)} data-testid="recovery-discard">
              {t('supervisor.fourEyes.discard')}
            </Button>
          </div>
        </Banner>
      ) : null}

      <h2 className="subhead">{t('supervisor.recovery.backupsTitle')}</h2>
      {backups === null ? (
        <Spinner label={t('supervisor.loading')} />
      ) : !backups.length ? (
        <p data-testid="recovery-no-backups">{current.backupDir ? t('supervisor.recovery.noBackups', { dir: current.backupDir }) : t('supervisor.recovery.noBackupDir')}</p>
      ) : (
        <table className="data-table" data-testid="recovery-backups">
          <caption className="visually-hidden">{t('supervisor.recovery.backupsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('supervisor.recovery.takenAt')}</th>
              <th scope="col">{t('supervisor.recovery.auditRows')}</th>
              <th scope="col">{t('supervisor.recovery.missing')}</th>
              <th scope="col">{t('supervisor.recovery.check')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('supervisor.recovery.restore')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.name}>
                <td>
                  {formatDateTime(b.takenAt, lang)}
                  <div className="hint">{b.name}</div>
                </td>
                <td>{b.auditRows ?? '—'}</td>
                <td>{b.missingRows ?? '—'}</td>
                <td>{b.usable ? t('supervisor.recovery.usable') : <span title={b.sentence}>{t('supervisor.recovery.unusable')}</span>}</td>
                <td>
                  {b.usable ? (
                    <Button variant="secondary" onClick={() => setChoice({ action: 'restore', backup: b })} data-testid={`recovery-restore-${b.name}`}>
                      {t('supervisor.recovery.restore')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {finding.kind === 'rolled_back' ? (
        <div className="actions">
          <Button variant="danger" onClick={() => setChoice({ action: 'accept' })} data-testid="recovery-accept-open">
            {t('supervisor.recovery.accept')}
          </Button>
        </div>
      ) : null}

      {choice ? (
        <RecoveryForm
          choice={choice}
          fourEyes={current.fourEyes}
          onClose={() => setChoice(null)}
          onSubmit={async (reason, pin) =>
            settle(await call('recoveryRequest', { action: choice.action, ...(choice.action === 'restore' ? { backup: choice.backup.name } : {}), reason, pin }))
          }
        />
      ) : null}
      {confirming && current.pending ? (
        <SecondPinDialog requestedBy={current.pending.requestedBy} onClose={() => setConfirming(false)} onConfirm={async (pin) => settle(await call('recoveryConfirm', { pin }))} />
      ) : null}
    </section>
  );
}

function RecoveryForm({ choice, fourEyes, onSubmit, onClose }: { choice: Choice; fourEyes: boolean; onSubmit: (reason: string, pin: string) => Promise<string | null>; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setError(t('supervisor.reason.required'));
    if (!/^[0-9]{4,12}$/.test(pin)) return setError(t('supervisor.recovery.pinNeeded'));
    setBusy(true);
    const problem = await onSubmit(reason.trim(), pin);
    setBusy(false);
    setPin('');
    if (problem) setError(problem);
  };
  return (
    <form className="form-grid" onSubmit={submit} data-testid="recovery-form">
      <h2 className="subhead">
        {choice.action === 'restore'
          ? t('supervisor.recovery.restoreLead', { time: formatDateTime(choice.backup.takenAt, i18n.language), missing: choice.backup.missingRows ?? 0 })
          : t('supervisor.recovery.acceptLead')}
      </h2>
      {choice.action === 'restore' ? <p>{choice.backup.sentence}</p> : null}
      {fourEyes ? <p>{t('supervisor.fourEyes.note')}</p> : null}
      <ErrorBanner error={error} />
      <label>
        <span>{t('supervisor.reason.label')}</span>
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} required autoFocus data-testid="recovery-reason" />
      </label>
      <label>
        <span>{t('supervisor.recovery.pin')}</span>
        <input type="password" inputMode="numeric" autoComplete="off" value={pin} maxLength={12} onChange={(e) => setPin(e.target.value.replace(/[^0-9]/g, ''))} data-testid="recovery-pin" />
      </label>
      <div className="actions">
        <Button variant="secondary" onClick={onClose}>
          {t('supervisor.cancelDialog')}
        </Button>
        <Button variant={choice.action === 'accept' ? 'danger' : 'primary'} type="submit" busy={busy} data-testid="recovery-submit">
          {choice.action === 'restore' ? t('supervisor.recovery.restoreConfirm') : t('supervisor.recovery.acceptConfirm')}
        </Button>
      </div>
    </form>
  );
}
