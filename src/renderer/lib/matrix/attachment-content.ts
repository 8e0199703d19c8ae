/**
 * Files and images in messages (`m.file`, `m.image`; spec v1.13, "Sending encrypted
 * attachments"): the content Depesche sends, and what it takes from content others
 * sent, checked field by field, because every part of it is chosen by the sender.
 */
import { MsgType } from 'matrix-js-sdk';
import type { EncryptedFile, FileContent, ImageContent } from 'matrix-js-sdk/lib/types';
import { mxcUri } from '../content/mxc';
import { rasterImageTypes } from './media';

/** One stored piece of media: where it is and, in encrypted rooms, how to decrypt and check it. */
export interface AttachedMedia {
  readonly mxc: string;
  /** Key, counter and ciphertext hash; null for media uploaded in the clear. */
  readonly encryption: EncryptedFile | null;
  /** The type the sender declared; the loader only ever trusts it from the raster list. */
  readonly mimetype: string | null;
}

/** An attachment as the timeline shows it. */
export interface Attachment {
  readonly kind: 'image' | 'file';
  /** The sender's file name, as sent: neutralise it before showing or saving. */
  readonly name: string;
  readonly size: number | null;
  readonly media: AttachedMedia;
  /** What to show inline for an image: its thumbnail, else the image itself; always a raster type. */
  readonly preview: AttachedMedia | null;
  readonly width: number | null;
  readonly height: number | null;
}

/** Media as uploaded: in the clear (`url`) or encrypted (`file`, with the mxc inside). */
export type UploadedMedia = { readonly url: string } | { readonly file: EncryptedFile };

export interface OutgoingAttachment {
  readonly name: string;
  readonly mimetype: string;
  readonly size: number;
  readonly media: UploadedMedia;
  /** Dimensions and thumbnail of an image; null sends the file as `m.file`. */
  readonly image: {
    readonly width: number;
    readonly height: number;
    readonly thumbnail: { readonly media: UploadedMedia; readonly mimetype: string; readonly size: number; readonly width: number; readonly height: number } | null;
  } | null;
}

export function attachmentContent({ name, mimetype, size, media, image }: OutgoingAttachment): FileContent | ImageContent {
  const source = 'file' in media ? { file: media.file } : { url: media.url };
  if (!image) return { msgtype: MsgType.File, body: name, filename: name, ...source, info: { mimetype, size } };
  const thumbnail = image.thumbnail && {
    ...('file' in image.thumbnail.media ? { thumbnail_file: image.thumbnail.media.file } : { thumbnail_url: image.thumbnail.media.url }),
    thumbnail_info: { mimetype: image.thumbnail.mimetype, size: image.thumbnail.size, w: image.thumbnail.width, h: image.thumbnail.height },
  };
  return { msgtype: MsgType.Image, body: name, filename: name, ...source, info: { mimetype, size, w: image.width, h: image.height, ...thumbnail } };
}

/** The attachment in a message's content, or null when it is not one or names no usable media. */
export function attachmentOf(content: Record<string, unknown>): Attachment | null {
  const msgtype = content.msgtype;
  if (msgtype !== MsgType.Image && msgtype !== MsgType.File && msgtype !== MsgType.Video && msgtype !== MsgType.Audio) return null;
  const info = record(content.info) ?? {};
  const media = mediaOf(content.url, content.file, info.mimetype);
  if (!media) return null;
  const name = typeof content.filename === 'string' ? content.filename : typeof content.body === 'string' ? content.body : '';
  const thumbnailInfo = record(info.thumbnail_info) ?? {};
  const thumbnail = mediaOf(info.thumbnail_url, info.thumbnail_file, thumbnailInfo.mimetype);
  const preview = msgtype !== MsgType.Image ? null : [thumbnail, media].find((candidate) => candidate && rasterImageTypes.has(candidate.mimetype ?? '')) ?? null;
  return {
    // An image in a format we do not show inline is offered as a file.
    kind: preview ? 'image' : 'file',
    name,
    size: count(info.size),
    media,
    preview,
    width: count(info.w),
    height: count(info.h),
  };
}

function mediaOf(url: unknown, file: unknown, mimetype: unknown): AttachedMedia | null {
  const type = typeof mimetype === 'string' ? mimetype.toLowerCase() : null;
  if (file !== undefined) {
    const encryption = encryptedFile(file);
    return encryption ? { mxc: encryption.url, encryption, mimetype: type } : null;
  }
  return typeof url === 'string' && mxcUri.test(url) ? { mxc: url, encryption: null, mimetype: type } : null;
}

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
const base64Url = /^[A-Za-z0-9_-]+={0,2}$/;

/** The spec's EncryptedFile, version 2, AES-256-CTR with a SHA-256 hash; anything else is refused. */
function encryptedFile(value: unknown): EncryptedFile | null {
  const file = record(value);
  const key = record(file?.key);
  const hashes = record(file?.hashes);
  if (!file || !key || !hashes) return null;
  const { url, iv, v } = file;
  const { kty, alg, k, key_ops: keyOps, ext } = key;
  const sha256 = hashes.sha256;
  const valid =
    typeof url === 'string' && mxcUri.test(url) &&
    v === 'v2' &&
    typeof iv === 'string' && base64.test(iv) &&
    typeof sha256 === 'string' && base64.test(sha256) &&
    kty === 'oct' && alg === 'A256CTR' && ext === true &&
    typeof k === 'string' && base64Url.test(k) &&
    Array.isArray(keyOps) && keyOps.includes('encrypt') && keyOps.includes('decrypt');
  if (!valid) return null;
  // A fresh object: nothing else the sender put in travels on.
  return { url, v, iv, hashes: { sha256 }, key: { kty, alg, k, key_ops: ['encrypt', 'decrypt'], ext } };
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
