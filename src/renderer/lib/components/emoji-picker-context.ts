/**
 * The one emoji picker of the open room, for everything that picks an emoji (the
 * composer's button, a message's reactions): provided by the room view.
 */
import { createContext } from 'svelte';

export interface EmojiPickerPort {
  /** Opens the picker; `onPick` gets the chosen emoji once the picker has closed and given the focus back. */
  open(onPick: (emoji: string) => void): void;
}

export const [emojiPicker, setEmojiPicker] = createContext<EmojiPickerPort>();
