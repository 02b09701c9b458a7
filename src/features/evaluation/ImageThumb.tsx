import { useTranslation } from 'react-i18next';
import { getImage } from '../../lib/image-registry';
import { useThumbnailUrl } from '../dataset/useThumbnailUrl';

/** A project image's thumbnail by id; a grey placeholder once the image has been removed. */
export function ImageThumb({ id, size = 56, title }: { id: string; size?: number; title?: string }) {
  const { t } = useTranslation('evaluation');
  const image = getImage(id);
  const url = useThumbnailUrl(id);
  if (!image) return <span className="thumb-missing" style={{ width: size, height: size }} title={t('thumb.removed')} />;
  if (!url) return <span className="thumb-missing" style={{ width: size, height: size }} title={title ?? image.name} />;
  return <img className="thumb" src={url} alt={image.name} title={title ?? image.name} width={size} height={size} data-image-id={id} />;
}
