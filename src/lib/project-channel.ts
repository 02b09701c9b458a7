// Messages between the tabs of this browser about stored projects (BroadcastChannel): the writer
// says when it saved, so read-only tabs reload what they show; a tab that wants to edit asks the
// writer to save and let go; any tab says when the project list changed.

export type ProjectMessage =
  | { type: 'saved'; projectId: string; /** false when only the runs changed (epochs while training) */ document: boolean }
  | { type: 'handover'; projectId: string }
  | { type: 'projects-changed' };

const CHANNEL_NAME = 'transfer-lab-projects';

export interface ProjectChannel {
  post(message: ProjectMessage): void;
  close(): void;
}

/** Listens for other tabs' messages (a tab does not hear its own); a no-op where BroadcastChannel is missing. */
export function openProjectChannel(onMessage: (message: ProjectMessage) => void): ProjectChannel {
  if (typeof BroadcastChannel === 'undefined') return { post: () => undefined, close: () => undefined };
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<ProjectMessage>) => onMessage(event.data);
  return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}
