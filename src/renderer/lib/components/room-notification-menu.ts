/** The room menus' notification choices (the room list row's and the room header's). */
import type { Translate } from '../i18n/translate';
import { roomNotificationModes, type RoomNotificationMode } from '../matrix/push-rules';
import type { MenuSection } from './Menu.svelte';

export function notificationMenuSection(t: Translate, current: RoomNotificationMode, choose: (mode: RoomNotificationMode) => void): MenuSection {
  return {
    label: t('notify.roomMenu'),
    items: roomNotificationModes.map((mode) => ({ label: t(`notify.mode.${mode}`), checked: mode === current, onSelect: () => choose(mode) })),
  };
}
