import { describe, expect, it } from 'vitest';
import { canZoomIn, fitLevel, keptCentre, percentOf, shownSize, zoomedIn, zoomedOut } from '../../src/renderer/lib/components/image-zoom';

describe('image viewer zoom', () => {
  const stage = { width: 800, height: 600 };

  it('fits a large picture into the stage, keeping its proportions', () => {
    expect(shownSize({ width: 4000, height: 2000 }, stage, fitLevel)).toEqual({ width: 800, height: 400 });
    expect(shownSize({ width: 1000, height: 3000 }, stage, fitLevel)).toEqual({ width: 200, height: 600 });
  });

  it('never enlarges a small picture to fit, but zooms it on request', () => {
    expect(shownSize({ width: 300, height: 180 }, stage, fitLevel)).toEqual({ width: 300, height: 180 });
    expect(shownSize({ width: 300, height: 180 }, stage, 2)).toEqual({ width: 600, height: 360 });
  });

  it('zooms from the fitted size, and reports the zoom against the picture’s own size', () => {
    const natural = { width: 1600, height: 1000 };
    const zoomed = shownSize(natural, stage, zoomedIn(fitLevel));
    expect(zoomed).toEqual({ width: 1200, height: 750 });
    expect(percentOf(natural, shownSize(natural, stage, fitLevel))).toBe(50);
    expect(percentOf(natural, zoomed)).toBe(75);
  });

  it('shows nothing for a picture that has not loaded yet', () => {
    expect(shownSize({ width: 0, height: 0 }, stage, 2)).toEqual({ width: 0, height: 0 });
  });

  it('steps through the levels in both directions and stops at fit and at the largest', () => {
    const up: number[] = [fitLevel];
    while (canZoomIn(up.at(-1)!)) up.push(zoomedIn(up.at(-1)!));
    expect(up).toEqual([1, 1.5, 2, 3, 4, 6, 8]);
    expect(zoomedIn(8)).toBe(8);
    expect(zoomedOut(8)).toBe(6);
    expect(zoomedOut(1.5)).toBe(fitLevel);
    expect(zoomedOut(fitLevel)).toBe(fitLevel);
  });

  it('keeps the point in the middle of the view where it was', () => {
    // The view shows 200–600 of 1000 (middle at 400); the picture doubles: 800 of 2000 in the middle.
    expect(keptCentre(200, 400, 1000, 2000)).toBe(600);
    // From a picture smaller than the view (centred in it) to one larger: its middle in the middle.
    expect(keptCentre(0, 400, 400, 1000)).toBe(300);
    // Back to one that fits: nothing to scroll.
    expect(keptCentre(600, 400, 2000, 400)).toBe(0);
    // Zooming out at the right edge stays at the (new) right edge, not past it.
    expect(keptCentre(1600, 400, 2000, 1000)).toBe(600);
  });
});
