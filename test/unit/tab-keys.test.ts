import { describe, expect, it } from 'vitest';
import { tabAfterKey } from '../../src/renderer/lib/components/tab-keys';

describe('tabAfterKey', () => {
  const tabs = ['a', 'b', 'c'] as const;

  it('moves by the arrows of the orientation, wrapping at both ends', () => {
    expect(tabAfterKey(tabs, 'a', 'ArrowRight', 'horizontal')).toBe('b');
    expect(tabAfterKey(tabs, 'a', 'ArrowLeft', 'horizontal')).toBe('c');
    expect(tabAfterKey(tabs, 'c', 'ArrowDown', 'vertical')).toBe('a');
    expect(tabAfterKey(tabs, 'b', 'ArrowUp', 'vertical')).toBe('a');
  });

  it('goes to the ends with Home and End, and ignores other keys and the other orientation', () => {
    expect(tabAfterKey(tabs, 'b', 'Home', 'vertical')).toBe('a');
    expect(tabAfterKey(tabs, 'a', 'End', 'horizontal')).toBe('c');
    expect(tabAfterKey(tabs, 'a', 'ArrowDown', 'horizontal')).toBeUndefined();
    expect(tabAfterKey(tabs, 'a', 'Enter', 'vertical')).toBeUndefined();
  });
});
