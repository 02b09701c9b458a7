import { useShallow } from 'zustand/react/shallow';
import { useProjectStore } from '../../state/project-store';

/** The classes' current names (renamed since training too), or the given ones when the classes no longer line up. */
export function useClassLabels(reportLabels: string[]): string[] {
  const current = useProjectStore(useShallow((s) => s.classes.map((c) => c.label)));
  return current.length === reportLabels.length ? current : reportLabels;
}
