/**
 * Arrow keys in a grid of options laid out in groups (the emoji picker): each group starts
 * a new row, `columns` options to a row. Positions are indexes into all options in order.
 */
export type GridKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

export function isGridKey(key: string): key is GridKey {
  return ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key);
}

/** Where `key` moves from `position`; -1 for Up from the first row (back to whatever is above the grid). */
export function gridMove(groupSizes: readonly number[], position: number, key: GridKey, columns: number): number {
  const total = groupSizes.reduce((sum, size) => sum + size, 0);
  if (total === 0) return -1;
  if (key === 'Home') return 0;
  if (key === 'End') return total - 1;
  if (key === 'ArrowLeft') return Math.max(0, position - 1);
  if (key === 'ArrowRight') return Math.min(total - 1, position + 1);

  // The group the position is in, its first index, and the position's row and column there.
  let group = 0;
  let groupStart = 0;
  while (group < groupSizes.length - 1 && position >= groupStart + groupSizes[group]!) {
    groupStart += groupSizes[group]!;
    group += 1;
  }
  const index = position - groupStart;
  const row = Math.floor(index / columns);
  const column = index % columns;
  const size = groupSizes[group]!;
  const lastRow = (rows: number) => Math.floor((rows - 1) / columns);

  if (key === 'ArrowDown') {
    if (row < lastRow(size)) return groupStart + Math.min((row + 1) * columns + column, size - 1);
    const next = groupSizes.findIndex((nextSize, at) => at > group && nextSize > 0);
    if (next < 0) return position;
    const nextStart = groupSizes.slice(0, next).reduce((sum, skipped) => sum + skipped, 0);
    return nextStart + Math.min(column, groupSizes[next]! - 1);
  }
  if (row > 0) return groupStart + (row - 1) * columns + column;
  const previous = groupSizes.slice(0, group).findLastIndex((previousSize) => previousSize > 0);
  if (previous < 0) return -1;
  const previousSize = groupSizes[previous]!;
  const previousStart = groupSizes.slice(0, previous).reduce((sum, skipped) => sum + skipped, 0);
  return previousStart + Math.min(lastRow(previousSize) * columns + column, previousSize - 1);
}
