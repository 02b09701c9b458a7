// Progress of adding images, summed over every drop or pick still being processed.
import { useWorkspaceStore } from '../state/workspace-store';

let done = 0;
let total = 0;
let active = 0;

function publish(): void {
  useWorkspaceStore.getState().setIngest(active > 0 ? { done, total } : null);
}

export interface ProgressHandle {
  advance: (count: number) => void;
  finish: () => void;
}

export function beginIngestProgress(count: number): ProgressHandle {
  active++;
  total += count;
  let mine = 0;
  let finished = false;
  publish();
  return {
    advance: (n) => {
      mine += n;
      done += n;
      publish();
    },
    finish: () => {
      if (finished) return;
      finished = true;
      active--;
      // Whatever this job did not get to no longer counts as pending.
      done += Math.max(0, count - mine);
      if (active === 0) {
        done = 0;
        total = 0;
      }
      publish();
    },
  };
}
