import { describe, expect, it } from 'vitest';
import { gridMove } from '../../src/renderer/lib/components/grid-navigation';

// Two groups in rows of 4: indexes 0–5 (rows 0–3 and 4–5), then 6–12 (rows 6–9 and 10–12).
const sizes = [6, 7];

describe('gridMove', () => {
  it('moves left and right through all options, stopping at the ends', () => {
    expect(gridMove(sizes, 5, 'ArrowRight', 4)).toBe(6);
    expect(gridMove(sizes, 6, 'ArrowLeft', 4)).toBe(5);
    expect(gridMove(sizes, 0, 'ArrowLeft', 4)).toBe(0);
    expect(gridMove(sizes, 12, 'ArrowRight', 4)).toBe(12);
  });

  it('moves down a row in the same column, to the last option of a shorter row', () => {
    expect(gridMove(sizes, 1, 'ArrowDown', 4)).toBe(5);
    expect(gridMove(sizes, 3, 'ArrowDown', 4)).toBe(5);
  });

  it('moves down from a group’s last row into the next group’s first, keeping the column', () => {
    expect(gridMove(sizes, 5, 'ArrowDown', 4)).toBe(7);
    expect(gridMove(sizes, 11, 'ArrowDown', 4)).toBe(11);
  });

  it('moves up a row, into the previous group’s last row, and off the top with -1', () => {
    expect(gridMove(sizes, 10, 'ArrowUp', 4)).toBe(6);
    expect(gridMove(sizes, 9, 'ArrowUp', 4)).toBe(5);
    expect(gridMove(sizes, 6, 'ArrowUp', 4)).toBe(4);
    expect(gridMove(sizes, 2, 'ArrowUp', 4)).toBe(-1);
  });

  it('jumps to the first and last with Home and End, and skips empty groups', () => {
    expect(gridMove(sizes, 7, 'Home', 4)).toBe(0);
    expect(gridMove(sizes, 0, 'End', 4)).toBe(12);
    expect(gridMove([2, 0, 3], 1, 'ArrowDown', 4)).toBe(3);
    expect(gridMove([2, 0, 3], 3, 'ArrowUp', 4)).toBe(1);
    expect(gridMove([], 0, 'ArrowDown', 4)).toBe(-1);
  });
});
