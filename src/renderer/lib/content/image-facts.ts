/**
 * Decodes an image the person is about to send, for its dimensions and a
 * thumbnail. Done in the renderer (the server never sees the plaintext of an
 * encrypted image, so it cannot make thumbnails of it).
 */
import type { ImageFacts } from '../matrix/attachment-upload';

/** Element's thumbnail box, so ours look the same size in other clients. */
const thumbnailBox = { width: 800, height: 600 };
const jpegQuality = 0.85;

/** Dimensions and a thumbnail of a raster image; null when the bytes do not decode as one. */
export async function readImage(file: Blob): Promise<ImageFacts | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  const { width, height } = bitmap;
  try {
    const scale = Math.min(1, thumbnailBox.width / width, thumbnailBox.height / height);
    const size = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
    const canvas = new OffscreenCanvas(size.width, size.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, size.width, size.height);
    // Photos stay JPEG; anything that may be transparent becomes PNG.
    const blob = await canvas.convertToBlob(file.type === 'image/jpeg' ? { type: 'image/jpeg', quality: jpegQuality } : { type: 'image/png' });
    return { width, height, thumbnail: { blob, ...size } };
  } catch {
    return { width, height, thumbnail: null };
  } finally {
    bitmap.close();
  }
}
