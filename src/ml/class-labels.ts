// The one set of rules for class names, used on every path a name enters by: typing a name
// (add, rename), zip and folder names, imported models' labels (Teachable Machine and ours),
// project files and stored projects. A stored project whose names break these rules does not
// open (project-schema.ts), so every path that creates names runs them through here first.

/**
 * 200 UTF-16 units: longer than any sensible class name, short enough for the class card and the
 * confusion matrix. Stored projects have been checked against this number since the first
 * stored format, so it cannot shrink without a migration.
 */
export const MAX_CLASS_LABEL_LENGTH = 200;

/** Names are compared after trimming, case and all: "Cat" and "cat" are two classes. */
export function labelKey(label: string): string {
  return label.trim();
}

/** Why `label` cannot name a class beside `otherLabels`, in words for the user; null when it can. */
export function classLabelProblem(label: string, otherLabels: readonly string[]): string | null {
  const trimmed = labelKey(label);
  if (trimmed.length === 0) return 'A class needs a name.';
  if (trimmed.length > MAX_CLASS_LABEL_LENGTH)
    return `Class names can be at most ${MAX_CLASS_LABEL_LENGTH} characters long (this one has ${trimmed.length}).`;
  if (otherLabels.some((other) => labelKey(other) === trimmed)) return `Another class is already called "${trimmed}".`;
  return null;
}

/** Every problem of a whole list of names (as a stored project or a project file must hold them). */
export function classLabelListProblems(labels: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  labels.forEach((label, i) => {
    const trimmed = labelKey(label);
    if (trimmed.length === 0) problems.push(`class ${i + 1} has no name`);
    else if (trimmed.length > MAX_CLASS_LABEL_LENGTH)
      problems.push(`the name of class ${i + 1} is longer than ${MAX_CLASS_LABEL_LENGTH} characters`);
    else if (seen.has(trimmed)) problems.push(`two classes are called "${trimmed}"`);
    seen.add(trimmed);
  });
  return problems;
}

/** Cuts to at most `max` UTF-16 units without splitting an emoji or other surrogate pair. */
function cutTo(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut.trimEnd();
}

/** `base (n)`, with the base shortened so the whole stays within the length limit. */
function numbered(base: string, n: number): string {
  const suffix = ` (${n})`;
  return `${cutTo(base, MAX_CLASS_LABEL_LENGTH - suffix.length)}${suffix}`;
}

export interface LabelChange {
  /** Position in the list given. */
  index: number;
  from: string;
  to: string;
  /** A sentence for the user: what happened to the name and why. */
  message: string;
}

export interface NormalisedLabels {
  labels: string[];
  /** Only the names that were changed beyond trimming spaces. */
  changes: LabelChange[];
}

function shown(label: string): string {
  return label.length > 40 ? `${label.slice(0, 40)}…` : label;
}

/**
 * Makes a list of names from outside (model labels, folder names) valid as class names: trimmed,
 * blank ones named "Class N", long ones cut to the limit, repeats numbered " (2)", " (3)", …
 * Names that are already valid and distinct keep their name, even when they look like a numbered
 * repeat: ["a", "a", "a (2)"] gives ["a", "a (3)", "a (2)"]. The result never holds two equal
 * names, nor a name equal to one of `taken` (the names already in the project).
 */
export function normaliseClassLabels(raw: readonly string[], taken: readonly string[] = []): NormalisedLabels {
  const used = new Set(taken.map(labelKey));
  const candidates = raw.map((label, i) => {
    const trimmed = labelKey(label);
    if (trimmed.length === 0) return { name: `Class ${i + 1}`, why: 'it had no name' };
    if (trimmed.length > MAX_CLASS_LABEL_LENGTH)
      return { name: cutTo(trimmed, MAX_CLASS_LABEL_LENGTH), why: `class names can be at most ${MAX_CLASS_LABEL_LENGTH} characters long` };
    return { name: trimmed, why: null };
  });
  // First pass: every name that was given as it is and is not taken keeps it (the first of repeats).
  const result: (string | null)[] = candidates.map(({ name, why }) => {
    if (why !== null || used.has(name)) return null;
    used.add(name);
    return name;
  });
  // Second pass: the others get the first free number.
  const changes: LabelChange[] = [];
  candidates.forEach(({ name, why }, index) => {
    if (result[index] !== null) return;
    let label = name;
    let reason = why;
    if (used.has(label)) {
      let n = 2;
      while (used.has(numbered(name, n))) n++;
      label = numbered(name, n);
      reason = why === null ? `another class is already called "${shown(name)}"` : `${why}, and another class already had that name`;
    }
    used.add(label);
    result[index] = label;
    changes.push({ index, from: raw[index], to: label, message: `"${shown(raw[index])}" became "${shown(label)}": ${reason}.` });
  });
  return { labels: result as string[], changes };
}

/** One valid name for a single new class beside `taken` (e.g. a class brought back by undo). */
export function freeClassLabel(label: string, taken: readonly string[]): string {
  return normaliseClassLabels([label], taken).labels[0];
}

/**
 * Class names for folder names (folders and zips of class folders): a folder whose name is a valid
 * class name keeps it (and fills the class of that name when there is one); blank ones are
 * "Unnamed class"; long ones are cut, and numbered when two folders would then share a name.
 */
export function classLabelsForFolders(folderNames: readonly string[]): { labelOf: Map<string, string>; changes: LabelChange[] } {
  const distinct = [...new Set(folderNames)];
  const { labels, changes } = normaliseClassLabels(distinct.map((name) => (labelKey(name) === '' ? 'Unnamed class' : name)));
  return {
    labelOf: new Map(distinct.map((name, i) => [name, labels[i]])),
    changes: changes.map((change) => ({ ...change, from: distinct[change.index] })),
  };
}
