/**
 * The image viewer's zoom. Level 1 fits the whole picture into the stage (a small one
 * keeps its own size: never enlarged to fit); each step in or out goes to the next
 * level. A picture larger than the stage is moved by scrolling it, and zooming keeps
 * the point in the middle of the view where it is.
 */
export interface Size {
  readonly width: number;
  readonly height: number;
}

export const fitLevel = 1;
const levels = [fitLevel, 1.5, 2, 3, 4, 6, 8];

export function zoomedIn(level: number): number {
  return levels.find((next) => next > level) ?? levels[levels.length - 1]!;
}

export function zoomedOut(level: number): number {
  return levels.findLast((next) => next < level) ?? fitLevel;
}

export function canZoomIn(level: number): boolean {
  return zoomedIn(level) > level;
}

/** The picture's size on screen at `level`, in whole pixels. */
export function shownSize(natural: Size, stage: Size, level: number): Size {
  if (natural.width <= 0 || natural.height <= 0) return { width: 0, height: 0 };
  const fit = Math.min(1, stage.width / natural.width, stage.height / natural.height);
  const scale = Math.max(0, fit) * level;
  return { width: Math.round(natural.width * scale), height: Math.round(natural.height * scale) };
}

/** The shown size as a percentage of the picture's own, as the zoom is announced. */
export function percentOf(natural: Size, shown: Size): number {
  return natural.width > 0 ? Math.round((shown.width / natural.width) * 100) : 100;
}

/**
 * The scroll offset along one axis that keeps the middle of the view on the same
 * point of the picture when the scrollable length (the picture, or the view where
 * that is larger: the picture sits in its middle) changes from `before` to `after`.
 */
export function keptCentre(offset: number, view: number, before: number, after: number): number {
  if (before <= 0 || after <= view) return 0;
  const centre = (offset + view / 2) / before;
  return Math.round(Math.max(0, Math.min(after - view, centre * after - view / 2)));
}
