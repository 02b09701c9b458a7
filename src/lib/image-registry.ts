// Keeps each image's original file and thumbnail URL by id, outside the store: the store holds
// ids only, so it never carries blobs.
export interface RegisteredImage {
  id: string;
  name: string;
  file: Blob;
  thumbnailUrl: string;
}

const images = new Map<string, RegisteredImage>();

export function registerImage(image: RegisteredImage): void {
  images.set(image.id, image);
}

export function getImage(id: string): RegisteredImage | undefined {
  return images.get(id);
}

export function unregisterImages(ids: Iterable<string>): void {
  for (const id of ids) {
    const image = images.get(id);
    if (!image) continue;
    URL.revokeObjectURL(image.thumbnailUrl);
    images.delete(id);
  }
}

export async function readImageBytes(id: string): Promise<{ id: string; bytes: ArrayBuffer; type: string }> {
  const image = images.get(id);
  if (!image) throw new Error(`Image ${id} is no longer in the project`);
  return { id, bytes: await image.file.arrayBuffer(), type: image.file.type };
}
