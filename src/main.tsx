import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './lib/i18n'; // before the app: the first render is already in the user's language
import { App } from './app/App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
