/**
 * Desktop notifications for new messages. Main, not the renderer, applies the
 * notification-content policy, so shared screens never show what policy hides.
 */
import type { MainStrings } from '../main-strings';

export type NotificationContent = 'full' | 'sender' | 'none';

export interface DesktopNotification {
  readonly title: string;
  readonly body: string;
  /** No sound: the person's push rules asked for none. */
  readonly silent: boolean;
  readonly onClick: () => void;
}

export interface NotifierDeps {
  show(notification: DesktopNotification): void;
  /** What policy (and a locked screen) lets show, given what the person chose, if anything. */
  content(chosen: NotificationContent | undefined): NotificationContent;
  strings: MainStrings;
  onClicked(roomId: string): void;
}

export interface MessageNotice {
  readonly roomId: string;
  readonly roomName: string;
  readonly sender: string;
  readonly body: string;
  readonly sound?: boolean;
  readonly content?: NotificationContent;
}

export function createNotifier(deps: NotifierDeps) {
  return {
    show(notice: MessageNotice): void {
      const shown = visibleContent(notice, deps.content(notice.content), deps.strings);
      deps.show({ ...shown, silent: !notice.sound, onClick: () => deps.onClicked(notice.roomId) });
    },
  };
}

export function visibleContent(notice: MessageNotice, content: NotificationContent, strings: MainStrings): { title: string; body: string } {
  switch (content) {
    case 'full':
      return { title: notice.roomName, body: notice.roomName === notice.sender ? notice.body : `${notice.sender}: ${notice.body}` };
    case 'sender':
      // The room name can itself be confidential ("Disziplinarverfahren X"), so it goes too.
      return { title: notice.sender, body: strings('newMessage') };
    case 'none':
      return { title: 'Depesche', body: strings('newMessage') };
  }
}
