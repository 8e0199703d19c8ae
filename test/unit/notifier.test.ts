import { describe, expect, it } from 'vitest';
import { mainStrings } from '../../src/main/core/main-strings';
import { createNotifier, visibleContent, type NotificationContent } from '../../src/main/core/services/notifier';

const notice = { roomId: '!room:bund.de', roomName: 'Lagezentrum', sender: 'Erika Muster', body: 'Die Sitzung beginnt um 10 Uhr.' };
const de = mainStrings('de-DE');

describe('notification content policy', () => {
  it('shows room, sender and text when policy allows full content', () => {
    expect(visibleContent(notice, 'full', de)).toEqual({ title: 'Lagezentrum', body: 'Erika Muster: Die Sitzung beginnt um 10 Uhr.' });
  });

  it('shows only the sender, not the room or text, in sender mode', () => {
    const shown = visibleContent(notice, 'sender', de);
    expect(shown).toEqual({ title: 'Erika Muster', body: 'Neue Nachricht' });
    expect(JSON.stringify(shown)).not.toMatch(/Lagezentrum|Sitzung/);
  });

  it('shows nothing but "new message" when policy says none', () => {
    const shown = visibleContent(notice, 'none', mainStrings('en'));
    expect(shown).toEqual({ title: 'Depesche', body: 'New message' });
  });

  it('focuses the room when the notification is clicked', () => {
    const shown: { title: string; onClick: () => void }[] = [];
    const clicked: string[] = [];
    const content: NotificationContent = 'full';
    const notifier = createNotifier({ show: (n) => void shown.push(n), content: () => content, strings: de, onClicked: (id) => void clicked.push(id) });
    notifier.show(notice);
    shown[0]!.onClick();
    expect(clicked).toEqual(['!room:bund.de']);
  });
});
