/**
 * matrix.to links in messages (`https://matrix.to/#/#alias:server`, `…/#/!room:server/$event?via=x`,
 * `…/#/@person:server`), which every Matrix client writes for rooms, events and people. They are
 * opened inside the app, never handed to the browser: matrix.to is a third party, and policy
 * (federation.allowedServers) decides first. Anything else is not a matrix.to link (null).
 */
import { isEventId, isRoomIdOrAlias, isServerName, isUserId } from '../../../shared/matrix-ids';
import type { LinkTarget } from '../view-models/room-links';

const prefix = 'https://matrix.to/#/';
const maxVia = 20;

export function parseMatrixToLink(url: string): LinkTarget | null {
  if (url.length > 2048 || url.slice(0, prefix.length).toLowerCase() !== prefix) return null;
  const [path = '', query = ''] = url.slice(prefix.length).split('?', 2);
  const segments = path.split('/').map(decodeOnce);
  if (segments.length < 1 || segments.length > 2 || segments.some((segment) => segment === null)) return null;
  const [id, eventId] = segments as [string, string | undefined];
  if (isUserId(id) && eventId === undefined) return { kind: 'user', userId: id };
  if (!isRoomIdOrAlias(id) || (eventId !== undefined && !isEventId(eventId))) return null;
  const via = new URLSearchParams(query).getAll('via').filter(isServerName).slice(0, maxVia);
  return { kind: 'room', roomIdOrAlias: id, ...(eventId ? { eventId } : {}), ...(via.length > 0 ? { via } : {}) };
}

function decodeOnce(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
