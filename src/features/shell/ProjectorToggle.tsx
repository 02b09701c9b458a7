import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

const STORAGE_KEY = 'transfer-lab:projector-mode';

function readSaved(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Larger type and thicker chart lines for a classroom projector (shell.css, `.projector`). Remembered per browser. */
export function ProjectorToggle() {
  const { t } = useTranslation('shell');
  const [on, setOn] = useState(readSaved);
  useEffect(() => {
    document.documentElement.classList.toggle('projector', on);
    try {
      localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
    } catch {
      // Storage can be off (private mode); the toggle still works for this visit.
    }
  }, [on]);
  return (
    <button type="button" className="projector-toggle" data-testid="projector-mode" aria-pressed={on} onClick={() => setOn((v) => !v)}>
      <span className="toggle-mark" aria-hidden="true" />
      {t('projectorMode')}
    </button>
  );
}
