import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './lib/i18n'; // before the app: the first render is already in the user's language
import { App } from './features/shell/App';
import { installTestHooks } from './app/test-hooks';
import './styles.css';

// Test builds only (vite.config.ts); production builds drop the hooks entirely.
if (__TEST_HOOKS__) installTestHooks();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
