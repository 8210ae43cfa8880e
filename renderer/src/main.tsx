// Entry point: set up languages, find the kiosk API (preload or web bridge), render the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './i18n';
import { getKioskApi } from './kiosk-api';
import './styles/tokens.css';
import './styles/app.css';

void initI18n().then((i18n) => {
  const kiosk = getKioskApi(
    { kiosk: (window as unknown as { kiosk?: unknown }).kiosk, location: window.location, storage: window.sessionStorage, history: window.history },
    { network: () => i18n.t('errors.network'), badReply: () => i18n.t('errors.badReply') },
  );
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App kiosk={kiosk} />
    </StrictMode>,
  );
});
