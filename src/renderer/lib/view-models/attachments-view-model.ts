/**
 * Files going out and coming in: uploads with progress and cancel, refused before
 * any byte leaves when they exceed the server's or the policy's limit; and saving
 * a received attachment through the desktop's save dialog, where policy allows it.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import type { PolicySnapshot } from '../../../shared/policy';
import { neutraliseFileName } from '../content/display-text';
import type { Attachment } from '../matrix/attachment-content';
import { uploadAttachment, type ImageFacts } from '../matrix/attachment-upload';
import { rasterImageTypes, type MediaLoader } from '../matrix/media';
import { Observable } from './observable';

/** What managed policy says about files. */
export interface FilePolicy {
  /** The largest file people may send; null leaves it to the homeserver. */
  readonly maxUploadBytes: number | null;
  readonly downloadsEnabled: boolean;
}

export function filePolicyOf({ values }: PolicySnapshot): FilePolicy {
  return { maxUploadBytes: values['uploads.maxBytes'] ?? null, downloadsEnabled: values['downloads.enabled'] };
}

/** What the attachments need from the desktop (the bridge in the app). */
export interface FilesPort {
  filePolicy(): Promise<FilePolicy>;
  /** Shows the save dialog and writes the bytes; rejects if writing fails. */
  saveFile(suggestedName: string, bytes: Uint8Array<ArrayBuffer>): Promise<'saved' | 'cancelled'>;
}

export interface Upload {
  readonly id: string;
  readonly roomId: string;
  /** Shown to the person; their own file's name, neutralised like any other. */
  readonly name: string;
  readonly size: number;
  /** Bytes on the server so far (file and thumbnail). */
  readonly sent: number;
  readonly total: number;
  /** Encrypting and making a thumbnail, moving bytes, then sending the message. */
  readonly stage: 'preparing' | 'uploading' | 'sending';
}

export type AttachmentNotice =
  | { readonly kind: 'too-large'; readonly name: string; readonly size: number; readonly limit: number }
  | { readonly kind: 'upload-failed' | 'download-failed' | 'saved'; readonly name: string };

export interface AttachmentsSnapshot {
  readonly uploads: readonly Upload[];
  /** The latest outcome worth telling: a refusal, a failure, a saved file. */
  readonly notice: AttachmentNotice | null;
  /** False until policy is known, and when policy forbids saving files. */
  readonly downloadsEnabled: boolean;
}

type Media = Pick<MediaLoader, 'file'>;
type Client = Pick<MatrixClient, 'uploadContent' | 'sendMessage' | 'getMediaConfig' | 'getRoom'>;

export class AttachmentsViewModel extends Observable<AttachmentsSnapshot> {
  private readonly aborts = new Map<string, AbortController>();
  private policy: Promise<FilePolicy>;
  private serverLimit: Promise<number | null> | null = null;
  private nextId = 0;

  constructor(
    private readonly client: Client,
    private readonly media: Media,
    private readonly files: FilesPort,
    private readonly readImage: (file: Blob) => Promise<ImageFacts | null>,
  ) {
    super({ uploads: [], notice: null, downloadsEnabled: false });
    this.policy = this.loadPolicy();
  }

  /** After a policy change: the upload limit and the Save buttons follow the new policy. */
  reloadPolicy(): void {
    this.policy = this.loadPolicy();
  }

  private loadPolicy(): Promise<FilePolicy> {
    // Fails closed: without an answer, nothing is saved and nothing is sent.
    const policy = this.files.filePolicy().catch(() => ({ maxUploadBytes: 1, downloadsEnabled: false }));
    void policy.then(({ downloadsEnabled }) => this.set({ ...this.value, downloadsEnabled }));
    return policy;
  }

  /**
   * Sends each file to the room, encrypted if the room is. A file over the limit is
   * refused before anything is uploaded; the others go on.
   */
  async send(roomId: string, files: readonly File[]): Promise<void> {
    const limit = await this.uploadLimit();
    const accepted: File[] = [];
    for (const file of files) {
      if (limit !== null && file.size > limit) this.set({ ...this.value, notice: { kind: 'too-large', name: neutraliseFileName(file.name), size: file.size, limit } });
      else accepted.push(file);
    }
    await Promise.all(accepted.map((file) => this.sendOne(roomId, file)));
  }

  /** Stops an upload; nothing is sent to the room. */
  cancel(uploadId: string): void {
    this.aborts.get(uploadId)?.abort();
  }

  /** Fetches a received attachment (decrypting and checking it) and offers it for saving. */
  async save(attachment: Attachment): Promise<void> {
    const name = neutraliseFileName(attachment.name);
    if (!(await this.policy).downloadsEnabled) return;
    const bytes = await this.media.file(attachment.media);
    if (!bytes) return this.set({ ...this.value, notice: { kind: 'download-failed', name } });
    try {
      // The display name goes over the bridge; main neutralises it again for the file system.
      if ((await this.files.saveFile(name, bytes)) === 'saved') this.set({ ...this.value, notice: { kind: 'saved', name } });
    } catch {
      this.set({ ...this.value, notice: { kind: 'download-failed', name } });
    }
  }

  dismissNotice(): void {
    this.set({ ...this.value, notice: null });
  }

  override dispose(): void {
    for (const abort of this.aborts.values()) abort.abort();
    super.dispose();
  }

  /** The smaller of the server's limit (asked once, again after a failure) and policy's. */
  private async uploadLimit(): Promise<number | null> {
    this.serverLimit ??= this.client.getMediaConfig(true).then(
      (config) => (Number.isSafeInteger(config['m.upload.size']) && config['m.upload.size']! > 0 ? config['m.upload.size']! : null),
      () => {
        this.serverLimit = null;
        return null;
      },
    );
    const [server, { maxUploadBytes }] = await Promise.all([this.serverLimit, this.policy]);
    const known = [server, maxUploadBytes].filter((limit): limit is number => limit !== null);
    return known.length > 0 ? Math.min(...known) : null;
  }

  private async sendOne(roomId: string, file: File): Promise<void> {
    const id = `upload-${(this.nextId += 1)}`;
    const abort = new AbortController();
    this.aborts.set(id, abort);
    const name = neutraliseFileName(file.name);
    this.set({ ...this.value, uploads: [...this.value.uploads, { id, roomId, name, size: file.size, sent: 0, total: file.size, stage: 'preparing' }] });
    try {
      const image = rasterImageTypes.has(file.type) ? await this.readImage(file) : null;
      const content = await uploadAttachment(this.client, file, {
        encrypt: this.client.getRoom(roomId)?.hasEncryptionStateEvent() ?? true,
        image,
        signal: abort.signal,
        onProgress: (sent, total) => this.update(id, { sent, total, stage: 'uploading' }),
      });
      abort.signal.throwIfAborted();
      this.update(id, { stage: 'sending' });
      await this.client.sendMessage(roomId, content);
      this.remove(id);
    } catch {
      this.remove(id);
      if (!abort.signal.aborted) this.set({ ...this.value, notice: { kind: 'upload-failed', name } });
    } finally {
      this.aborts.delete(id);
    }
  }

  private update(id: string, change: Partial<Upload>): void {
    const uploads = this.value.uploads;
    const index = uploads.findIndex((upload) => upload.id === id);
    if (index >= 0) this.set({ ...this.value, uploads: uploads.with(index, { ...uploads[index]!, ...change }) });
  }

  private remove(id: string): void {
    this.set({ ...this.value, uploads: this.value.uploads.filter((upload) => upload.id !== id) });
  }
}
