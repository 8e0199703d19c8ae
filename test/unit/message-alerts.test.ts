import { describe, expect, it } from 'vitest';
import { messageAlert } from '../../src/renderer/lib/matrix/message-alerts';

describe('what a message notification shows', () => {
  it('neutralises room, sender and message: no override turns them around, no zero-width character hides in them', () => {
    const alert = messageAlert('!akte:bund.de', 'Lage\u202Efdp.exe', { id: '@erika:bund.de', name: 'Eri\u200Bka\u2066' }, 'Bitte \u202Eöffnen Sie\u200D den Anhang\nheute');
    expect(alert).toEqual({ roomId: '!akte:bund.de', roomName: 'Lagefdp.exe', sender: 'Erika', body: 'Bitte öffnen Sie den Anhang heute', sound: false });
    expect(Object.values(alert).join('')).not.toMatch(/\u200B|\u200D|\u202E|\u2066/u);
  });

  it('names the room and the sender by their ids when nothing visible is left of their names', () => {
    const alert = messageAlert('!akte:bund.de', '\u200B\u202E', { id: '@erika:bund.de', name: '\u3164' }, 'Hallo');
    expect(alert).toMatchObject({ roomName: '!akte:bund.de', sender: '@erika:bund.de' });
  });
});
