import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getImage } from '../../lib/image-registry';
import { useUnreadableStore } from '../../state/unreadable-store';
import { useThumbnailUrl } from './useThumbnailUrl';

const TILE = 48;
const GAP = 4;
const ROW = TILE + GAP;
const VISIBLE_ROWS = 4;

interface ThumbnailProps {
  id: string;
  selected: boolean;
  onToggle: (id: string) => void;
  onRemove: (id: string) => void;
}

const Thumbnail = memo(function Thumbnail({ id, selected, onToggle, onRemove }: ThumbnailProps) {
  const { t } = useTranslation('dataset');
  const image = getImage(id);
  const name = image?.name ?? t('imageFallbackName');
  const url = useThumbnailUrl(id);
  const unreadable = useUnreadableStore((state) => state.reasons[id]);
  return (
    <div role="listitem" className={`thumb${selected ? ' selected' : ''}`} data-testid="thumbnail" data-image-id={id}>
      <button
        type="button"
        className="thumb-select"
        data-testid="thumbnail-select"
        aria-pressed={selected}
        title={image ? t('thumbnailTitle', { name, width: image.width, height: image.height }) : name}
        onClick={() => onToggle(id)}
      >
        {url && <img src={url} alt={name} width={TILE} height={TILE} decoding="async" />}
      </button>
      {unreadable !== undefined && (
        <span className="thumb-badge" data-testid="thumbnail-unreadable" title={t('unreadablePhotoTitle', { reason: unreadable })}>
          {t('couldNotRead')}
        </span>
      )}
      <button
        type="button"
        className="remove"
        aria-label={t('deleteImage', { name })}
        data-testid="thumbnail-remove"
        onClick={() => onRemove(id)}
      >
        ×
      </button>
    </div>
  );
});

/** Keeps a far-off card's place while its grid is not rendered (a rough height is enough). */
export function ThumbnailPlaceholder({ count }: { count: number }) {
  const rows = Math.min(VISIBLE_ROWS, Math.ceil(count / 8));
  return <div className="thumbnail-grid" aria-hidden style={{ height: rows * ROW }} />;
}

/**
 * A class's thumbnails as a virtualised grid: only the rows in view (plus a few) exist in the
 * DOM, so a class of thousands of images renders as fast as one of twenty.
 */
export function ThumbnailGrid({
  imageIds,
  selected,
  onToggle,
  onRemove,
}: {
  imageIds: string[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onRemove: (id: string) => void;
}) {
  const { t } = useTranslation('dataset');
  const scrollRef = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(8);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const fit = (width: number) => setColumns(Math.max(1, Math.floor((width + GAP) / ROW)));
    fit(element.clientWidth);
    // The observer reports sizes without forcing a layout; only width changes alter the columns.
    const observer = new ResizeObserver(([entry]) => fit(entry.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const rows = Math.ceil(imageIds.length / columns);
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 1 });
  return (
    <div ref={scrollRef} className="thumbnail-grid" data-testid="thumbnail-grid" style={{ maxHeight: VISIBLE_ROWS * ROW }}>
      <div role="list" aria-label={t('imagesList')} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div key={row.key} className="thumb-row" style={{ transform: `translateY(${row.start}px)` }}>
            {imageIds.slice(row.index * columns, (row.index + 1) * columns).map((id) => (
              <Thumbnail key={id} id={id} selected={selected.has(id)} onToggle={onToggle} onRemove={onRemove} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
