/**
 * The class's route through the app, in order; the navigation numbers them 1..5. Each step's
 * label and hint are in the `shell` catalogue under `steps.<id>` (stepText).
 */
export const STEPS = [{ id: 'data' }, { id: 'train' }, { id: 'evaluate' }, { id: 'lab' }, { id: 'export' }] as const;

export type StepId = (typeof STEPS)[number]['id'];

export function isStepId(value: string): value is StepId {
  return STEPS.some((s) => s.id === value);
}

/** The step named in the address (`#train`), so a reload or a shared link opens the same step. */
export function stepFromHash(hash: string): StepId {
  const id = hash.replace(/^#/, '');
  return isStepId(id) ? id : 'data';
}
