import { useEffect, useState } from 'react';
import { cachedThumbnailUrl, loadThumbnailUrl } from '../../lib/thumbnail-cache';

/** The thumbnail's URL: at once when cached, else after a read from storage. */
export function useThumbnailUrl(id: string): string | undefined {
  const [url, setUrl] = useState(() => cachedThumbnailUrl(id));
  useEffect(() => {
    if (url) return;
    let current = true;
    void loadThumbnailUrl(id).then((loaded) => current && setUrl(loaded));
    return () => {
      current = false;
    };
  }, [id, url]);
  return url;
}
