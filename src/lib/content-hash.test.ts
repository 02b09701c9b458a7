import { describe, expect, it } from 'vitest';
import { DuplicateIndex, sha256Hex } from './content-hash';

describe('sha256Hex', () => {
  it('matches the published SHA-256 test vectors', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('depends on content only: one changed byte changes the hash', async () => {
    const a = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const b = a.slice();
    b[500] ^= 1;
    expect(await sha256Hex(a)).toBe(await sha256Hex(a.slice()));
    expect(await sha256Hex(a)).not.toBe(await sha256Hex(b));
  });
});

describe('DuplicateIndex', () => {
  it('lets the first claim win and names it to later claimants', () => {
    const index = new DuplicateIndex<string>();
    expect(index.claim('h1', 'img-a')).toBeNull();
    expect(index.claim('h1', 'img-b')).toBe('img-a');
    expect(index.claim('h2', 'img-b')).toBeNull();
    expect(index.size).toBe(2);
  });

  it('frees a hash only for its holder, so a stale release cannot unlock a duplicate', () => {
    const index = new DuplicateIndex<string>();
    index.claim('h1', 'img-a');
    index.release('h1', 'img-b');
    expect(index.ownerOf('h1')).toBe('img-a');
    index.release('h1', 'img-a');
    expect(index.claim('h1', 'img-c')).toBeNull();
  });

  it('finds duplicates among files by their bytes, not their names', async () => {
    const files = [
      { name: 'ant.jpg', bytes: new Uint8Array([1, 2, 3]) },
      { name: 'ant copy.jpg', bytes: new Uint8Array([1, 2, 3]) },
      { name: 'bee.jpg', bytes: new Uint8Array([1, 2, 4]) },
    ];
    const index = new DuplicateIndex<string>();
    const duplicates: string[] = [];
    for (const file of files) if (index.claim(await sha256Hex(file.bytes), file.name)) duplicates.push(file.name);
    expect(duplicates).toEqual(['ant copy.jpg']);
  });
});
