import { MatrixEvent, MatrixEventEvent } from 'matrix-js-sdk';
import { describe, expect, it, vi } from 'vitest';
import { ChildSlot, Disposables } from '../../src/renderer/lib/view-models/disposables';

/** A child that writes down when it is disposed. */
function child(name: string, log: string[]) {
  return { name, dispose: () => void log.push(name) };
}

// Any SDK emitter will do; an event is the smallest.
const emitter = () => new MatrixEvent({ type: 'm.room.message', event_id: '$e', room_id: '!r:x', sender: '@a:x', content: {} });

describe('Disposables', () => {
  it('ends everything added, the latest first, and only once', () => {
    const log: string[] = [];
    const store = new Disposables();
    store.add(child('first', log));
    store.add(() => void log.push('second'));
    store.add(child('third', log));

    store.dispose();
    store.dispose();
    expect(log).toEqual(['third', 'second', 'first']);
    expect(store.isDisposed).toBe(true);
  });

  it('disposes what is added after it was disposed at once, so nothing outlives it', () => {
    const log: string[] = [];
    const store = new Disposables();
    store.dispose();
    const late = store.add(child('late', log));
    expect(late.name).toBe('late');
    expect(log).toEqual(['late']);
  });

  it('runs every clean-up even when one throws, then reports the failure', () => {
    const log: string[] = [];
    const store = new Disposables();
    store.add(child('first', log));
    store.add(() => {
      throw new Error('broken');
    });
    store.add(child('last', log));
    expect(() => store.dispose()).toThrow('broken');
    expect(log).toEqual(['last', 'first']);
  });

  it('removes a listener it added when disposed', () => {
    const event = emitter();
    const store = new Disposables();
    const heard: string[] = [];
    store.listen(event, MatrixEventEvent.Decrypted, () => void heard.push('decrypted'));
    expect(event.listenerCount(MatrixEventEvent.Decrypted)).toBe(1);

    event.emit(MatrixEventEvent.Decrypted, event);
    store.dispose();
    event.emit(MatrixEventEvent.Decrypted, event);
    expect(heard).toEqual(['decrypted']);
    expect(event.listenerCount(MatrixEventEvent.Decrypted)).toBe(0);
  });

  it('lets a listener be removed early, and forgets it then', () => {
    const event = emitter();
    const store = new Disposables();
    const log: string[] = [];
    const off = vi.spyOn(event, 'off');
    const stop = store.listen(event, MatrixEventEvent.Decrypted, () => {
      log.push('once');
      stop();
    });
    event.emit(MatrixEventEvent.Decrypted, event);
    event.emit(MatrixEventEvent.Decrypted, event);
    stop();
    expect(log).toEqual(['once']);
    expect(event.listenerCount(MatrixEventEvent.Decrypted)).toBe(0);
    // Removed early, it is not removed again: the store holds only what is still live.
    store.add(child('other', log));
    store.dispose();
    expect(log).toEqual(['once', 'other']);
    expect(off).toHaveBeenCalledTimes(2);
  });

  it('adds no listener once disposed', () => {
    const event = emitter();
    const store = new Disposables();
    store.dispose();
    store.listen(event, MatrixEventEvent.Decrypted, () => {});
    expect(event.listenerCount(MatrixEventEvent.Decrypted)).toBe(0);
  });
});

describe('ChildSlot', () => {
  it('disposes the previous child when the next one is set, and the last one with itself', () => {
    const log: string[] = [];
    const slot = new ChildSlot<ReturnType<typeof child>>();
    const a = slot.set(child('a', log));
    expect(slot.value).toBe(a);
    slot.set(child('b', log));
    expect(log).toEqual(['a']);
    slot.set(null);
    expect(log).toEqual(['a', 'b']);
    expect(slot.value).toBeNull();

    slot.set(child('c', log));
    slot.dispose();
    slot.dispose();
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('keeps a child set again as it is', () => {
    const log: string[] = [];
    const slot = new ChildSlot<ReturnType<typeof child>>();
    const a = slot.set(child('a', log));
    slot.set(a);
    expect(log).toEqual([]);
    expect(slot.value).toBe(a);
  });

  it('disposes a child set after the slot was disposed at once, and does not keep it', () => {
    const log: string[] = [];
    const slot = new ChildSlot<ReturnType<typeof child>>();
    slot.dispose();
    slot.set(child('late', log));
    expect(log).toEqual(['late']);
    expect(slot.value).toBeNull();
  });

  it('is disposed in its turn by the store that holds it', () => {
    const log: string[] = [];
    const store = new Disposables();
    store.add(child('before', log));
    const slot = store.add(new ChildSlot<ReturnType<typeof child>>());
    slot.set(child('room', log));
    store.dispose();
    expect(log).toEqual(['room', 'before']);
  });
});
