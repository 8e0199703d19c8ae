/**
 * The signed-in workspace: the room list, the open room with its timeline, and
 * the actions a person takes there (send, create, accept, decline, leave).
 */
import { ClientEvent, EventStatus, EventType, KnownMembership, MsgType, RelationType, RoomEvent, RoomMemberEvent, RoomStateEvent, type MatrixClient, type MatrixEvent, type Room, type RoomMember } from 'matrix-js-sdk';
import { neutraliseLine } from '../content/display-text';
import type { ImageFacts } from '../matrix/attachment-upload';
import { MediaLoader } from '../matrix/media';
import { watchMessageAlerts, type MessageAlert } from '../matrix/message-alerts';
import { editContent, messageContent, reactionContent, replyContent, type RenderedText } from '../matrix/message-content';
import { federationScope, invitationRefusedServers, refusedServersOf, type FederationScope } from '../matrix/federation-scope';
import { createEncryptedRoom, startDirectChat, type NewRoom } from '../matrix/room-actions';
import { AttachmentsViewModel, type FilesPort } from './attachments-view-model';
import { ConnectionStatus } from './connection-status';
import { LockViewModel } from './lock-view-model';
import { memberLabels } from './member-labels';
import { DeviceListViewModel } from './device-list-view-model';
import { MemberListViewModel } from './member-list-view-model';
import { Observable } from './observable';
import { RoomKeyTransfer, type SaveText } from './room-key-transfer';
import { RoomLinks, type LinkHost } from './room-links';
import { Outbox, type OutboxMemory } from './outbox';
import { RoomListViewModel } from './room-list-view-model';
import { RoomTrust } from './room-trust';
import type { MessageItem } from './timeline-items';
import { TimelineViewModel, type TimelineSnapshot } from './timeline-view-model';
import { Verifications } from './verifications';

export interface RoomHeader {
  readonly roomId: string;
  readonly name: string;
  readonly topic: string;
  readonly memberCount: number;
  readonly encrypted: boolean;
  /** Names of the other members typing right now. */
  readonly typing: readonly string[];
}

const newMessage: ComposerMode = { kind: 'new' };
const typingTimeoutMs = 6000;
const typingRepeatMs = 4000;

export type ChatProblem = 'create-failed' | 'join-failed' | 'leave-failed' | 'send-failed' | 'edit-failed' | 'react-failed' | 'redact-failed' | 'not-found';

/** What the composer's next message will be: a new one, a reply, or an edit of an earlier one. */
export type ComposerMode =
  | { readonly kind: 'new' }
  | { readonly kind: 'reply'; readonly eventId: string; readonly senderId: string; readonly senderName: string; readonly text: string }
  /** `body` is what the composer starts with: the message as it stands, or the person's unsent edit. */
  | { readonly kind: 'edit'; readonly eventId: string; readonly body: string };

/** An action refused before anything was sent, because policy does not allow these servers. */
export interface FederationRefusal {
  readonly servers: readonly string[];
  /** What the person tried to reach: people (invite, direct chat) or a room (join). */
  readonly about: 'people' | 'room';
}

export interface ChatSnapshot {
  readonly room: RoomHeader | null;
  readonly timeline: TimelineSnapshot | null;
  readonly composer: ComposerMode;
  readonly busy: boolean;
  readonly problem: ChatProblem | null;
  readonly refusal: FederationRefusal | null;
  /** Which servers may be reached, as last read from policy (invitations from others are marked). */
  readonly scope: FederationScope;
  /** An event a link asked for, loaded into the open room's timeline: the view scrolls to it and focuses it. */
  readonly focus: { readonly eventId: string } | null;
}

export interface ChatContent {
  readonly sanitize: (html: string) => string;
  readonly linkify: (text: string) => string | null;
  readonly neutraliseName: (name: string) => string;
  readonly renderMarkdown: (text: string) => RenderedText;
  /** Dimensions and a thumbnail of an image about to be sent; null if it does not decode. */
  readonly readImage: (file: Blob) => Promise<ImageFacts | null>;
}

/** What the workspace asks of the desktop (the bridge in the app). */
export interface DesktopPort extends FilesPort {
  notify(alert: MessageAlert): void;
  setUnreadCount(count: number): void;
  /** Whether the person is looking at the window right now. */
  isAttentive(): boolean;
  /** Tells main whether the lock screen is shown (it hides notification content meanwhile). */
  setLocked(locked: boolean): void;
  /** Saves text through main's save dialog (room-key exports). */
  saveText: SaveText;
  /** `federation.allowedServers`: the servers people may reach, null for any. */
  allowedServers(): Promise<readonly string[] | null>;
}

/** Where the selected room is remembered across restarts (localStorage in the app). */
export interface SelectionMemory {
  load(): string | null;
  save(roomId: string | null): void;
}

/** Where each room's unsent composer text is kept across room switches and restarts. */
export interface DraftMemory {
  load(roomId: string): string;
  save(roomId: string, text: string): void;
}

/** What the person has written that the server does not have yet. */
export interface ComposeMemory {
  readonly drafts: DraftMemory;
  readonly outbox: OutboxMemory;
  /** Stores what was saved so far and takes no more; resolves once it is stored. */
  close(): Promise<void>;
}

/** What policy lets this client tell the others in a room (`privacy.readReceipts`, `privacy.typingNotifications`). */
export interface PrivacySettings {
  readonly readReceipts: boolean;
  readonly typingNotifications: boolean;
}

// The policy's defaults, written out: importing src/shared/policy would bring zod into the workspace bundle.
const privacyByDefault: PrivacySettings = { readReceipts: true, typingNotifications: true };

/** What the buttons on a message can do; the ChatViewModel does all of it. */
export type MessageActions = Pick<ChatViewModel, 'replyTo' | 'edit' | 'redact' | 'toggleReaction' | 'retry' | 'discard' | 'saveAttachment'>;

export class ChatViewModel extends Observable<ChatSnapshot> implements LinkHost {
  readonly roomList: RoomListViewModel;
  /** Avatars and pictures, fetched with the session's token into blob: URLs. */
  readonly media: MediaLoader;
  /** Room-key export and import for this device. */
  readonly roomKeys: RoomKeyTransfer;
  /** Whether the homeserver can be reached (the offline banner). */
  readonly connection: ConnectionStatus;
  /** Sent messages until the server has them: queued while offline, kept across reloads. */
  readonly outbox: Outbox;
  /** Uploads to the rooms and saving what others sent. */
  readonly attachments: AttachmentsViewModel;
  /** Emoji verification of other people and of the person's other sessions. */
  readonly verifications: Verifications;
  /** The lock screen; while locked nothing is sent, read or typed from here, and sync goes on. */
  readonly lock: LockViewModel;
  /** Links to rooms, events and people (depesche:// and matrix.to): open, offer to join, or say why not. */
  readonly links: RoomLinks;
  private timeline: TimelineViewModel | null = null;
  private stopTimeline: (() => void) | null = null;
  private stopAwaitingJoin: (() => void) | null = null;
  private readonly stopWatching: (() => void)[] = [];
  private lastReadEventId: string | null = null;
  private typingSentAt = 0;

  constructor(
    private readonly client: MatrixClient,
    private readonly content: ChatContent,
    private readonly memory: SelectionMemory,
    private readonly desktop: DesktopPort,
    private readonly compose: ComposeMemory,
    private readonly privacy: PrivacySettings = privacyByDefault,
  ) {
    super({
      room: null,
      timeline: null,
      composer: newMessage,
      busy: false,
      problem: null,
      refusal: null,
      scope: federationScope(client.getSafeUserId(), null),
      focus: null,
    });
    this.roomList = new RoomListViewModel(client, content.neutraliseName);
    this.roomKeys = new RoomKeyTransfer(client, desktop.saveText);
    this.media = new MediaLoader(client);
    this.connection = new ConnectionStatus(client);
    this.outbox = new Outbox(client, compose.outbox, () => this.set({ ...this.value, problem: 'send-failed' }));
    this.attachments = new AttachmentsViewModel(client, this.media, desktop, content.readImage);
    this.verifications = new Verifications(client);
    this.lock = new LockViewModel(client, (locked) => desktop.setLocked(locked));
    this.links = new RoomLinks(client, this);
    let unread = -1;
    this.stopWatching.push(
      this.roomList.subscribe(({ rooms, invites }) => {
        const count = rooms.reduce((sum, room) => sum + room.unread, 0) + invites.length;
        if (count !== unread) desktop.setUnreadCount((unread = count));
      }),
      watchMessageAlerts(client, (alert) => {
        // The open room, looked at, needs no notification.
        if (alert.roomId === this.value.room?.roomId && this.attentive()) return;
        desktop.notify(alert);
      }),
      this.lock.subscribe(({ locked }) => {
        // The others stop seeing "is typing"; back at the room, what came meanwhile is read.
        if (locked) this.typing(false);
        else if (this.attentive()) void this.markRead();
      }),
    );
    this.reopenRemembered(memory.load());
    void this.federationScope();
  }

  selectRoom(roomId: string | null): void {
    this.stopTimeline?.();
    this.timeline?.dispose();
    this.timeline = null;
    this.stopTimeline = null;
    const room = roomId ? this.client.getRoom(roomId) : null;
    this.roomList.select(room ? room.roomId : null);
    this.memory.save(room ? room.roomId : null);
    if (!room) return this.set({ ...this.value, room: null, timeline: null, composer: newMessage, focus: null });
    this.set({ ...this.value, composer: newMessage, focus: null });

    const timeline = new TimelineViewModel(this.client, room, {
      ownUserId: this.client.getSafeUserId(),
      memberNames: memberLabels,
      sanitize: this.content.sanitize,
      linkify: this.content.linkify,
      outbox: this.outbox,
    });
    const unsubscribe = timeline.subscribe((snapshot) => {
      this.set({ ...this.value, room: this.header(room), timeline: snapshot });
      if (this.attentive()) void this.markRead();
    });
    // Name, topic, encryption and membership change the header without touching the timeline.
    const refreshHeader = () => this.set({ ...this.value, room: this.header(room) });
    const onState = (event: MatrixEvent) => {
      if (event.getRoomId() === room.roomId) refreshHeader();
    };
    const onTyping = (_event: MatrixEvent, member: RoomMember) => {
      if (member.roomId === room.roomId) refreshHeader();
    };
    room.on(RoomEvent.Name, refreshHeader);
    // The member count comes from the sync summary, applied after the membership events themselves.
    room.on(RoomEvent.Summary, refreshHeader);
    this.client.on(RoomStateEvent.Events, onState);
    this.client.on(RoomMemberEvent.Typing, onTyping);
    this.stopTimeline = () => {
      unsubscribe();
      room.off(RoomEvent.Name, refreshHeader);
      room.off(RoomEvent.Summary, refreshHeader);
      this.client.off(RoomStateEvent.Events, onState);
      this.client.off(RoomMemberEvent.Typing, onTyping);
    };
    this.timeline = timeline;
    // Fill the first screen from history when the room has just been opened.
    if (this.timeline.value.items.length < 20) void this.timeline.paginateBack();
  }

  paginateBack(): Promise<boolean> {
    return this.timeline?.paginateBack() ?? Promise.resolve(false);
  }

  /**
   * Sends what the composer holds as a new message, a reply or an edit, as the
   * composer mode says: Markdown becomes HTML, the text stays the plain body.
   * Messages go through the outbox, which waits for the connection when it is down.
   */
  async send(text: string): Promise<void> {
    const roomId = this.value.room?.roomId;
    if (!roomId || !text.trim() || this.lock.locked) return;
    void this.typing(false);
    const mode = this.value.composer;
    const rendered = this.content.renderMarkdown(text);
    this.set({ ...this.value, composer: newMessage });
    if (mode.kind === 'edit') return this.sendEdit(roomId, mode.eventId, text, rendered);
    this.outbox.add(roomId, mode.kind === 'reply' ? replyContent(rendered, mode) : messageContent(rendered));
    this.compose.drafts.save(roomId, '');
  }

  /** The open room's unsent composer text, as the person left it. */
  draft(): string {
    const roomId = this.value.room?.roomId;
    return roomId ? this.compose.drafts.load(roomId) : '';
  }

  /** Keeps what the composer holds for the open room, so a room switch or a reload loses nothing. */
  keepDraft(text: string): void {
    const roomId = this.value.room?.roomId;
    if (roomId) this.compose.drafts.save(roomId, text);
  }

  /** Sends files (picked, dropped or pasted) to the open room. */
  async sendFiles(files: readonly File[]): Promise<void> {
    const roomId = this.value.room?.roomId;
    if (roomId && files.length > 0 && !this.lock.locked) await this.attachments.send(roomId, files);
  }

  /** Offers the file or image of a message for saving. */
  async saveAttachment(eventId: string): Promise<void> {
    const attachment = this.message(eventId)?.attachment;
    if (attachment) await this.attachments.save(attachment);
  }

  /** The next message answers this one. */
  replyTo(eventId: string): void {
    const item = this.message(eventId);
    if (!item) return;
    const text = item.body.replace(/\s+/g, ' ').trim();
    this.set({ ...this.value, composer: { kind: 'reply', eventId, senderId: item.senderId, senderName: item.senderName, text } });
  }

  /** Puts one of the person's messages into the composer to change it. */
  edit(eventId: string): void {
    const item = this.message(eventId);
    if (item?.canEdit) this.set({ ...this.value, composer: { kind: 'edit', eventId, body: item.body } });
  }

  /** Edits the person's newest message (the Up key in an empty composer); false if there is none. */
  editLast(): boolean {
    const eventId = this.timeline?.lastEditable() ?? null;
    if (eventId) this.edit(eventId);
    return eventId !== null;
  }

  /** Back to writing a new message (Escape). */
  cancelComposerMode(): void {
    if (this.value.composer.kind !== 'new') this.set({ ...this.value, composer: newMessage });
  }

  /** Adds the person's reaction with this key, or takes it back if they already reacted so. */
  async toggleReaction(eventId: string, key: string): Promise<void> {
    const roomId = this.value.room?.roomId;
    const own = this.message(eventId)?.reactions.find((reaction) => reaction.key === key)?.ownEventId;
    if (!roomId) return;
    try {
      await (own ? this.client.redactEvent(roomId, own) : this.client.sendEvent(roomId, EventType.Reaction, reactionContent(eventId, key)));
    } catch {
      this.set({ ...this.value, problem: 'react-failed' });
    }
  }

  /** Deletes a message for everyone in the room (its content is removed on the server). */
  async redact(eventId: string): Promise<void> {
    const roomId = this.value.room?.roomId;
    if (!roomId || !this.message(eventId)?.canRedact) return;
    if (this.value.composer.kind !== 'new' && this.value.composer.eventId === eventId) this.cancelComposerMode();
    try {
      await this.client.redactEvent(roomId, eventId);
    } catch {
      this.set({ ...this.value, problem: 'redact-failed' });
    }
  }

  async retry(eventId: string): Promise<void> {
    const queued = this.outbox.find(eventId);
    if (queued) return this.outbox.retry(queued.txnId);
    try {
      await this.timeline?.retry(eventId);
    } catch {
      this.set({ ...this.value, problem: 'send-failed' });
    }
  }

  discard(eventId: string): void {
    const queued = this.outbox.find(eventId);
    if (queued) this.outbox.discard(queued.txnId);
    else this.timeline?.discard(eventId);
  }

  /** Loads history until the event is in the timeline (a reply's original); tells when it is not found. */
  async locate(eventId: string): Promise<boolean> {
    const found = (await this.timeline?.locate(eventId)) ?? false;
    if (!found) this.set({ ...this.value, problem: 'not-found' });
    return found;
  }

  async createRoom(room: NewRoom): Promise<void> {
    if (await this.refused('people', (scope) => refusedServersOf(scope, room.invite))) return;
    await this.act('create-failed', async () => this.selectWhenJoined(await createEncryptedRoom(this.client, room)));
  }

  async startDirectChat(userId: string): Promise<void> {
    if (await this.refused('people', (scope) => refusedServersOf(scope, [userId]))) return;
    await this.act('create-failed', async () => this.selectWhenJoined(await startDirectChat(this.client, userId)));
  }

  /** Asks a person to compare emoji; it goes through a direct chat, so policy's allowed servers apply as to one. */
  async verifyPerson(userId: string): Promise<void> {
    if (await this.refused('people', (scope) => refusedServersOf(scope, [userId]))) return;
    await this.verifications.verifyUser(userId);
  }

  /** Joins the room of an invitation; refused when the invitation comes from a server policy does not allow. */
  async acceptInvite(roomId: string): Promise<void> {
    const invitation = this.client.getRoom(roomId)?.currentState.getStateEvents(EventType.RoomMember, this.client.getSafeUserId());
    const inviter = invitation?.getSender() ?? null;
    if (await this.refused('room', (scope) => invitationRefusedServers(scope, roomId, inviter))) return;
    await this.act('join-failed', async () => {
      await this.client.joinRoom(roomId);
      this.selectWhenJoined(roomId);
    });
  }

  /**
   * Which servers may be reached, read from policy afresh (it may change while the app runs).
   * If main cannot answer, only the own homeserver is (fails closed).
   */
  async federationScope(): Promise<FederationScope> {
    const allowed = await this.desktop.allowedServers().catch(() => []);
    const scope = federationScope(this.client.getSafeUserId(), allowed);
    if (JSON.stringify(scope) !== JSON.stringify(this.value.scope)) this.set({ ...this.value, scope });
    return scope;
  }

  /** Opens a joined room (at once, or as soon as the join reaches this client), at the event if one is given. */
  showRoom(roomId: string, eventId?: string): void {
    this.selectWhenJoined(roomId, eventId);
  }

  async declineInvite(roomId: string): Promise<void> {
    await this.act('leave-failed', () => this.client.leave(roomId));
  }

  async leaveRoom(roomId: string): Promise<void> {
    await this.act('leave-failed', async () => {
      if (this.value.room?.roomId === roomId) this.selectRoom(null);
      await this.client.leave(roomId);
    });
  }

  /** Tells the room the person is (still) typing, where policy allows; repeated at most every few seconds. */
  async typing(active: boolean): Promise<void> {
    const roomId = this.value.room?.roomId;
    if (!roomId || !this.privacy.typingNotifications || (active && this.lock.locked)) return;
    const now = Date.now();
    if (active && now - this.typingSentAt < typingRepeatMs) return;
    if (!active && this.typingSentAt === 0) return;
    this.typingSentAt = active ? now : 0;
    await this.client.sendTyping(roomId, active, typingTimeoutMs).catch(() => undefined);
  }

  /**
   * Moves the read marker and the read receipt to the newest event of the open room. Where
   * policy keeps receipts from others the receipt is private (`m.read.private`): the server
   * still counts unread messages from it and the person's other sessions follow, but no one
   * else sees it.
   */
  async markRead(): Promise<void> {
    const room = this.value.room ? this.client.getRoom(this.value.room.roomId) : null;
    const latest = room?.getLiveTimeline().getEvents().at(-1);
    const eventId = latest?.getId();
    if (!room || !latest || !eventId || eventId === this.lastReadEventId || latest.isSending()) return;
    this.lastReadEventId = eventId;
    try {
      const [receipt, privateReceipt] = this.privacy.readReceipts ? [latest, undefined] : [undefined, latest];
      await this.client.setRoomReadMarkers(room.roomId, eventId, receipt, privateReceipt);
    } catch {
      this.lastReadEventId = null; // try again with the next update
    }
  }

  /** Whom this device trusts in a room (markers, identity and session warnings); whoever asks disposes it. */
  roomTrust(roomId: string): RoomTrust | null {
    const room = this.client.getRoom(roomId);
    return room ? new RoomTrust(this.client, room, memberLabels, this.content.neutraliseName) : null;
  }

  /** The account's sessions, loaded afresh for the sessions dialog. */
  devices(): DeviceListViewModel {
    return new DeviceListViewModel(this.client, this.content.neutraliseName);
  }

  /** A room's members for the side panel; whoever asks disposes it. */
  memberList(roomId: string): MemberListViewModel | null {
    const room = this.client.getRoom(roomId);
    return room ? new MemberListViewModel(room) : null;
  }

  /** The avatar (mxc) of a member of the open room, shown next to their messages. */
  avatarOf(userId: string): string | null {
    const roomId = this.value.room?.roomId;
    return (roomId && this.client.getRoom(roomId)?.getMember(userId)?.getMxcAvatarUrl()) || null;
  }

  dismissProblem(): void {
    this.set({ ...this.value, problem: null, refusal: null });
  }

  /** Resolves once the drafts and queued messages saved until now are stored (before sign-out deletes them). */
  dispose(): Promise<void> {
    this.stopWatching.forEach((stop) => stop());
    this.stopTimeline?.();
    this.stopAwaitingJoin?.();
    this.timeline?.dispose();
    this.roomList.dispose();
    this.attachments.dispose();
    this.media.dispose();
    this.connection.dispose();
    this.outbox.dispose();
    this.verifications.dispose();
    this.lock.dispose();
    this.links.dispose();
    return this.compose.close();
  }

  /** Whether the person sees the open room: the window looked at, and not locked. */
  private attentive(): boolean {
    return !this.lock.locked && this.desktop.isAttentive();
  }

  private message(eventId: string): MessageItem | undefined {
    const item = this.timeline?.value.items.find((candidate) => candidate.eventId === eventId);
    return item?.kind === 'message' ? item : undefined;
  }

  /** A failed edit goes back into the composer, so the person's new text is not lost. */
  private async sendEdit(roomId: string, eventId: string, text: string, rendered: RenderedText): Promise<void> {
    const msgtype = this.message(eventId)?.msgtype === 'emote' ? MsgType.Emote : MsgType.Text;
    try {
      await this.client.sendMessage(roomId, editContent(rendered, eventId, msgtype));
    } catch {
      // The unsent edit would otherwise wait invisibly among the pending events.
      const unsent = this.client.getRoom(roomId)?.getPendingEvents() ?? [];
      for (const event of unsent) {
        if (event.status === EventStatus.NOT_SENT && event.isRelation(RelationType.Replace) && event.relationEventId === eventId) this.client.cancelPendingEvent(event);
      }
      this.set({ ...this.value, composer: { kind: 'edit', eventId, body: text }, problem: 'edit-failed' });
    }
  }

  /** Checks the servers an action would reach against policy; a refusal is shown and nothing is sent. */
  private async refused(about: FederationRefusal['about'], refusedServers: (scope: FederationScope) => string[]): Promise<boolean> {
    const servers = refusedServers(await this.federationScope());
    if (servers.length === 0) return false;
    this.set({ ...this.value, problem: null, refusal: { servers, about } });
    return true;
  }

  private async act(problem: ChatProblem, action: () => Promise<unknown>): Promise<void> {
    this.set({ ...this.value, busy: true, problem: null, refusal: null });
    try {
      await action();
      this.set({ ...this.value, busy: false });
    } catch {
      this.set({ ...this.value, busy: false, problem });
    }
  }

  /**
   * Opens the room that was open last time. After a restart without a connection the
   * rooms are only known once a sync has brought them (not necessarily the first one
   * after the connection returns); it opens then, unless the person has chosen a room.
   */
  private reopenRemembered(roomId: string | null): void {
    const joined = () => roomId !== null && this.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join;
    if (joined()) return this.selectRoom(roomId);
    if (!roomId) return;
    const stop = () => this.client.off(ClientEvent.Sync, onSync);
    const onSync = () => {
      if (this.value.room) return stop();
      if (!joined()) return;
      stop();
      this.selectRoom(roomId);
    };
    this.client.on(ClientEvent.Sync, onSync);
    this.stopWatching.push(stop);
  }

  /**
   * Opens a room once our client has processed joining it (a room we just created or joined
   * may reach the client a moment after the request returns). Opening earlier (an accepted
   * invite is already known, as an invite) would start its timeline from the invite's
   * state and paginate before the join arrives, which leaves the room looking invited.
   */
  private selectWhenJoined(roomId: string, eventId?: string): void {
    this.stopAwaitingJoin?.();
    const open = () => {
      this.selectRoom(roomId);
      if (eventId) void this.focusEvent(eventId);
    };
    const joined = () => this.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join;
    if (joined()) return open();
    // A new room's membership changes while the sync is still processing it, before it is
    // stored and announced as a room: then only its arrival tells.
    const onMembership = (room: Room) => {
      if (room.roomId !== roomId || !joined()) return;
      this.stopAwaitingJoin?.();
      open();
    };
    this.client.on(RoomEvent.MyMembership, onMembership);
    this.client.on(ClientEvent.Room, onMembership);
    this.stopAwaitingJoin = () => {
      this.client.off(RoomEvent.MyMembership, onMembership);
      this.client.off(ClientEvent.Room, onMembership);
      this.stopAwaitingJoin = null;
    };
  }

  /** Loads history until the event is there, then asks the view to show it (or says it was not found). */
  private async focusEvent(eventId: string): Promise<void> {
    const timeline = this.timeline;
    if ((await this.locate(eventId)) && this.timeline === timeline) this.set({ ...this.value, focus: { eventId } });
  }

  private header(room: Room): RoomHeader {
    const topic = room.currentState.getStateEvents(EventType.RoomTopic, '')?.getContent().topic;
    return {
      roomId: room.roomId,
      name: this.content.neutraliseName(room.name) || room.roomId,
      topic: typeof topic === 'string' ? neutraliseLine(topic) : '',
      memberCount: room.getJoinedMemberCount(),
      encrypted: room.hasEncryptionStateEvent(),
      typing: room
        .getMembers()
        .filter((member) => member.typing && member.userId !== this.client.getUserId())
        .map((member) => this.content.neutraliseName(member.name) || member.userId),
    };
  }
}
