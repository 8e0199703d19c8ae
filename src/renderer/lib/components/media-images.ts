/**
 * Shows the pictures of a sanitised message. The sanitiser keeps only mxc
 * images and moves their source to `data-mxc`; this loads each one through the
 * authenticated media API (at most the loader's byte cap) and sets its blob: URL.
 * On the element holding the message HTML: `use:mediaImages={{ media, fallbackAlt }}`.
 */
import type { ActionReturn } from 'svelte/action';
import type { MediaPort } from '../matrix/media';

export interface MediaImagesOptions {
  readonly media: MediaPort;
  /** Read out for a picture whose sender gave no description (instead of its blob: URL). */
  readonly fallbackAlt: string;
}

export function mediaImages(node: HTMLElement, options: MediaImagesOptions): ActionReturn<MediaImagesOptions> {
  let current = options;
  let live = true;
  const started = new WeakSet<HTMLImageElement>();
  const show = () => {
    for (const img of node.querySelectorAll<HTMLImageElement>('img[data-mxc]')) {
      if (started.has(img)) continue;
      started.add(img);
      if (!img.hasAttribute('alt')) img.alt = current.fallbackAlt;
      void current.media.download(img.dataset.mxc ?? '').then((url) => {
        if (live && url) img.src = url;
      });
    }
  };
  // The HTML is replaced in place when the message is edited.
  const observer = new MutationObserver(show);
  observer.observe(node, { childList: true, subtree: true });
  show();
  return {
    update(next) {
      current = next;
    },
    destroy() {
      live = false;
      observer.disconnect();
    },
  };
}
