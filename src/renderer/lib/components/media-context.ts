/**
 * The images components show, without the SDK: thumbnails and pictures as
 * blob: URLs, and which avatar a member of the open room has. Provided once by
 * the chat screen, read by avatars and message bodies wherever they sit.
 */
import { createContext } from 'svelte';
import type { MediaPort } from '../matrix/media';

export interface MediaContext extends MediaPort {
  /** The avatar (mxc URI) of a member of the open room, or null. */
  avatarOf(userId: string): string | null;
  /** Whether policy lets people save attachments (false until it is known). */
  readonly downloadsEnabled: boolean;
}

export const [mediaContext, setMediaContext] = createContext<MediaContext>();
