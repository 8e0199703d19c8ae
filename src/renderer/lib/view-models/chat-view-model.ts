/**
 * The signed-in workspace: the room list, the open room with its timeline, and
 * the actions a person takes there (send, create, accept, decline, leave).
 */
import { ClientEvent, EventType, KnownMembership, RoomEvent, RoomMemberEvent, RoomStateEvent, type MatrixClient, type MatrixEvent, type Room, type RoomMember } from 'matrix-js-sdk';
import { MediaLoader } from '../matrix/media';
import { watchMessageAlerts, type MessageAlert } from '../matrix/message-alerts';
import { createEncryptedRoom, startDirectChat, type NewRoom } from '../matrix/room-actions';
import { memberLabels } from './member-labels';
import { MemberListViewModel } from './member-list-view-model';
import { Observable } from './observable';
import { RoomListViewModel } from './room-list-view-model';
import { TimelineViewModel, type TimelineSnapshot } from './timeline-view-model';

export interface RoomHeader {
  readonly roomId: string;
  readonly name: string;
  readonly topic: string;
  readonly memberCount: number;
  readonly encrypted: boolean;
  /** Names of the other members typing right now. */
  readonly typing: readonly string[];
}

const typingTimeoutMs = 6000;
const typingRepeatMs = 4000;

export type ChatProblem = 'create-failed' | 'join-failed' | 'leave-failed' | 'send-failed';

export interface ChatSnapshot {
  readonly room: RoomHeader | null;
  readonly timeline: TimelineSnapshot | null;
  readonly busy: boolean;
  readonly problem: ChatProblem | null;
}

export interface ChatContent {
  readonly sanitize: (html: string) => string;
  readonly neutraliseName: (name: string) => string;
  readonly renderMarkdown: (text: string) => { body: string; formattedBody: string | null };
}

/** What the workspace asks of the desktop (the bridge in the app). */
export interface DesktopPort {
  notify(alert: MessageAlert): void;
  setUnreadCount(count: number): void;
  /** Whether the person is looking at the window right now. */
  isAttentive(): boolean;
}

/** Where the selected room is remembered across restarts (localStorage in the app). */
export interface SelectionMemory {
  load(): string | null;
  save(roomId: string | null): void;
}

export class ChatViewModel extends Observable<ChatSnapshot> {
  readonly roomList: RoomListViewModel;
  /** Avatars and pictures, fetched with the session's token into blob: URLs. */
  readonly media: MediaLoader;
  private timeline: TimelineViewModel | null = null;
  private stopTimeline: (() => void) | null = null;
  private readonly stopWatching: (() => void)[] = [];
  private lastReadEventId: string | null = null;
  private typingSentAt = 0;

  constructor(
    private readonly client: MatrixClient,
    private readonly content: ChatContent,
    private readonly memory: SelectionMemory,
    private readonly desktop: DesktopPort,
  ) {
    super({ room: null, timeline: null, busy: false, problem: null });
    this.roomList = new RoomListViewModel(client, content.neutraliseName);
    this.media = new MediaLoader(client);
    let unread = -1;
    this.stopWatching.push(
      this.roomList.subscribe(({ rooms, invites }) => {
        const count = rooms.reduce((sum, room) => sum + room.unread, 0) + invites.length;
        if (count !== unread) desktop.setUnreadCount((unread = count));
      }),
      watchMessageAlerts(client, (alert) => {
        // The open room, looked at, needs no notification.
        if (alert.roomId === this.value.room?.roomId && desktop.isAttentive()) return;
        desktop.notify(alert);
      }),
    );
    const remembered = memory.load();
    if (remembered && client.getRoom(remembered)?.getMyMembership() === KnownMembership.Join) this.selectRoom(remembered);
  }

  selectRoom(roomId: string | null): void {
    this.stopTimeline?.();
    this.timeline?.dispose();
    this.timeline = null;
    this.stopTimeline = null;
    const room = roomId ? this.client.getRoom(roomId) : null;
    this.roomList.select(room ? room.roomId : null);
    this.memory.save(room ? room.roomId : null);
    if (!room) return this.set({ ...this.value, room: null, timeline: null });

    const timeline = new TimelineViewModel(this.client, room, {
      ownUserId: this.client.getSafeUserId(),
      memberNames: memberLabels,
      sanitize: this.content.sanitize,
    });
    const unsubscribe = timeline.subscribe((snapshot) => {
      this.set({ ...this.value, room: this.header(room), timeline: snapshot });
      if (this.desktop.isAttentive()) void this.markRead();
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
    this.client.on(RoomStateEvent.Events, onState);
    this.client.on(RoomMemberEvent.Typing, onTyping);
    this.stopTimeline = () => {
      unsubscribe();
      room.off(RoomEvent.Name, refreshHeader);
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

  /** Sends what the composer holds: Markdown becomes HTML, the text stays the plain body. */
  async send(text: string): Promise<void> {
    const roomId = this.value.room?.roomId;
    if (!roomId || !text.trim()) return;
    this.typing(false);
    const { body, formattedBody } = this.content.renderMarkdown(text);
    try {
      await (formattedBody === null
        ? this.client.sendTextMessage(roomId, body)
        : this.client.sendHtmlMessage(roomId, body, formattedBody));
    } catch {
      // The local echo stays in the timeline, marked as failed.
      this.set({ ...this.value, problem: 'send-failed' });
    }
  }

  async createRoom(room: NewRoom): Promise<void> {
    await this.act('create-failed', async () => this.selectWhenKnown(await createEncryptedRoom(this.client, room)));
  }

  async startDirectChat(userId: string): Promise<void> {
    await this.act('create-failed', async () => this.selectWhenKnown(await startDirectChat(this.client, userId)));
  }

  async acceptInvite(roomId: string): Promise<void> {
    await this.act('join-failed', async () => {
      await this.client.joinRoom(roomId);
      this.selectWhenKnown(roomId);
    });
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

  /** Tells the room the person is (still) typing; repeated at most every few seconds. */
  typing(active: boolean): void {
    const roomId = this.value.room?.roomId;
    if (!roomId) return;
    const now = Date.now();
    if (active && now - this.typingSentAt < typingRepeatMs) return;
    if (!active && this.typingSentAt === 0) return;
    this.typingSentAt = active ? now : 0;
    void this.client.sendTyping(roomId, active, typingTimeoutMs).catch(() => undefined);
  }

  /** Sends a read receipt and moves the read marker to the newest event of the open room. */
  async markRead(): Promise<void> {
    const room = this.value.room ? this.client.getRoom(this.value.room.roomId) : null;
    const latest = room?.getLiveTimeline().getEvents().at(-1);
    const eventId = latest?.getId();
    if (!room || !latest || !eventId || eventId === this.lastReadEventId || latest.isSending()) return;
    this.lastReadEventId = eventId;
    try {
      await this.client.setRoomReadMarkers(room.roomId, eventId, latest);
    } catch {
      this.lastReadEventId = null; // try again with the next update
    }
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
    this.set({ ...this.value, problem: null });
  }

  dispose(): void {
    this.stopWatching.forEach((stop) => stop());
    this.stopTimeline?.();
    this.timeline?.dispose();
    this.roomList.dispose();
    this.media.dispose();
  }

  private async act(problem: ChatProblem, action: () => Promise<unknown>): Promise<void> {
    this.set({ ...this.value, busy: true, problem: null });
    try {
      await action();
      this.set({ ...this.value, busy: false });
    } catch {
      this.set({ ...this.value, busy: false, problem });
    }
  }

  /** A room we just created or joined may reach the client a moment after the request returns. */
  private selectWhenKnown(roomId: string): void {
    if (this.client.getRoom(roomId)) return this.selectRoom(roomId);
    const onRoom = (room: Room) => {
      if (room.roomId !== roomId) return;
      this.client.off(ClientEvent.Room, onRoom);
      this.selectRoom(roomId);
    };
    this.client.on(ClientEvent.Room, onRoom);
  }

  private header(room: Room): RoomHeader {
    const topic = room.currentState.getStateEvents(EventType.RoomTopic, '')?.getContent().topic;
    return {
      roomId: room.roomId,
      name: this.content.neutraliseName(room.name) || room.roomId,
      topic: typeof topic === 'string' ? topic : '',
      memberCount: room.getJoinedMemberCount(),
      encrypted: room.hasEncryptionStateEvent(),
      typing: room
        .getMembers()
        .filter((member) => member.typing && member.userId !== this.client.getUserId())
        .map((member) => this.content.neutraliseName(member.name) || member.userId),
    };
  }
}
