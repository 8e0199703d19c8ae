/**
 * Puts a file (and an image's thumbnail) on the homeserver and returns the message
 * content that points to it. In an encrypted room each piece is encrypted here first
 * (AES-256-CTR with a fresh key, SHA-256 of the ciphertext; matrix-encrypt-attachment,
 * as Element does), so the server stores only ciphertext under no file name.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import type { FileContent, ImageContent } from 'matrix-js-sdk/lib/types';
import { encryptAttachment } from 'matrix-encrypt-attachment';
import { attachmentContent, type UploadedMedia } from './attachment-content';

/** What the renderer learned by decoding an image the person picked. */
export interface ImageFacts {
  readonly width: number;
  readonly height: number;
  /** A smaller rendering for the timeline; null when none could be made. */
  readonly thumbnail: { readonly blob: Blob; readonly width: number; readonly height: number } | null;
}

export interface UploadOptions {
  readonly encrypt: boolean;
  /** Null sends the file as `m.file`. */
  readonly image: ImageFacts | null;
  /** Aborting stops the upload in flight and any not yet started. */
  readonly signal: AbortSignal;
  /** Bytes sent so far, of the file and thumbnail together; first called as the upload starts. */
  readonly onProgress: (sent: number, total: number) => void;
}

export type Uploader = Pick<MatrixClient, 'uploadContent'>;

export async function uploadAttachment(client: Uploader, file: File, { encrypt, image, signal, onProgress }: UploadOptions): Promise<FileContent | ImageContent> {
  const mimetype = file.type || 'application/octet-stream';
  const thumbnail = image?.thumbnail ?? null;
  const total = file.size + (thumbnail?.blob.size ?? 0);
  let done = 0;
  const put = async (blob: Blob, name: string, type: string): Promise<UploadedMedia> => {
    signal.throwIfAborted();
    onProgress(done, total);
    const media = await upload(client, blob, { name, type, encrypt, signal, onProgress: (sent) => onProgress(done + sent, total) });
    done += blob.size;
    onProgress(done, total);
    return media;
  };
  const thumbnailMedia = thumbnail ? await put(thumbnail.blob, `thumbnail-${file.name}`, thumbnail.blob.type) : null;
  const media = await put(file, file.name, mimetype);
  return attachmentContent({
    name: file.name,
    mimetype,
    size: file.size,
    media,
    image: image && {
      width: image.width,
      height: image.height,
      thumbnail: thumbnail && thumbnailMedia && { media: thumbnailMedia, mimetype: thumbnail.blob.type, size: thumbnail.blob.size, width: thumbnail.width, height: thumbnail.height },
    },
  });
}

interface PieceOptions {
  readonly name: string;
  readonly type: string;
  readonly encrypt: boolean;
  readonly signal: AbortSignal;
  readonly onProgress: (sent: number) => void;
}

async function upload(client: Uploader, blob: Blob, { name, type, encrypt, signal, onProgress }: PieceOptions): Promise<UploadedMedia> {
  const abortController = new AbortController();
  const stop = () => abortController.abort();
  signal.addEventListener('abort', stop);
  try {
    const progressHandler = ({ loaded }: { loaded: number }) => onProgress(loaded);
    if (!encrypt) {
      const { content_uri: url } = await client.uploadContent(blob, { name, type, abortController, progressHandler });
      return { url };
    }
    const { data, info } = await encryptAttachment(await blob.arrayBuffer());
    signal.throwIfAborted();
    // The ciphertext says nothing about itself: no name, no type.
    const { content_uri: url } = await client.uploadContent(new Blob([data]), { type: 'application/octet-stream', includeFilename: false, abortController, progressHandler });
    return { file: { ...info, v: info.v ?? 'v2', hashes: { ...info.hashes }, url } };
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
