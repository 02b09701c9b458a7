import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { editHereInstead } from '../../app/project-persistence';
import { useWorkspaceStore } from '../../state/workspace-store';

/** Says that another tab edits this project, and lets the user edit here instead. */
export function ReadOnlyBanner() {
  const { t } = useTranslation('dataset');
  const access = useWorkspaceStore((s) => s.access);
  const status = useWorkspaceStore((s) => s.status);
  if (!access.readOnly) return null;
  return (
    <div className="notice read-only-banner" data-testid="readonly-banner" role="status">
      <p>{access.message}</p>
      <button type="button" data-testid="edit-here-instead" disabled={status !== 'ready'} onClick={() => void editHereInstead()}>
        {t('editHereInstead')}
      </button>
    </div>
  );
}

/**
 * Every control inside is disabled while this tab only shows the project (a disabled fieldset
 * disables its buttons and inputs; `display: contents` leaves the layout as it was).
 */
export function EditScope({ children }: { children: ReactNode }) {
  const readOnly = useWorkspaceStore((s) => s.access.readOnly);
  return (
    <fieldset disabled={readOnly} data-testid="edit-scope" style={{ display: 'contents' }}>
      {children}
    </fieldset>
  );
}
