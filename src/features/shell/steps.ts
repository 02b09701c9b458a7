/** The class's route through the app, in order; the navigation numbers them 1..5. */
export const STEPS = [
  { id: 'data', label: 'Data', hint: 'Classes and photos' },
  { id: 'train', label: 'Train', hint: 'Teach the model' },
  { id: 'evaluate', label: 'Evaluate', hint: 'Try it and check it' },
  { id: 'lab', label: 'Lab', hint: 'Transfer vs scratch' },
  { id: 'export', label: 'Export', hint: 'Download or import a model' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export function isStepId(value: string): value is StepId {
  return STEPS.some((s) => s.id === value);
}

/** The step named in the address (`#train`), so a reload or a shared link opens the same step. */
export function stepFromHash(hash: string): StepId {
  const id = hash.replace(/^#/, '');
  return isStepId(id) ? id : 'data';
}
