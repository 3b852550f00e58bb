import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/reset.css';
import 'virtual:antd.css';
import { i18nReady } from './lib/i18n';
import { App } from './app/app';
import { preloadRoute } from './app/router';

// The first screen's chunks start with the entry, side by side, instead of one after another
// as each lazy boundary renders.
preloadRoute(window.location.pathname);

// 简体中文, when chosen on an earlier visit, arrives as its own chunk before the first render.
void i18nReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

// The CSS of dialogs, drop-downs and later screens: fetched once the page has loaded, so it never
// blocks the first paint (virtual:antd.css above holds what the first screens need).
window.addEventListener('load', () => void import('virtual:antd-deferred.css'), { once: true });
