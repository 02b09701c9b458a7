import { useTranslation } from 'react-i18next';
import { useNoticeStore } from '../../state/notice-store';

export function NoticeList() {
  const { t } = useTranslation('common');
  const notices = useNoticeStore((s) => s.notices);
  const dismiss = useNoticeStore((s) => s.dismiss);
  if (notices.length === 0) return null;
  return (
    <div className="notices" aria-live="polite">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice-${notice.kind}`}
          data-testid="notice"
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          <p>{notice.text}</p>
          {notice.details.length > 0 && (
            <ul>
              {notice.details.map((detail, i) => (
                <li key={i}>{detail}</li>
              ))}
            </ul>
          )}
          <button type="button" data-testid="notice-dismiss" onClick={() => dismiss(notice.id)}>
            {t('dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
