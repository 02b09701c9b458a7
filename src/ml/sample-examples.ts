/** Picking a few examples for a measurement so that every class is represented. */

export interface ClassedExample {
  id: string;
  classIndex: number;
}

/** Up to `limit` examples, taking the classes in turn (in class order, each class in its given order). */
export function spreadAcrossClasses<T extends ClassedExample>(examples: T[], limit: number): T[] {
  const byClass = new Map<number, T[]>();
  for (const example of examples) byClass.set(example.classIndex, [...(byClass.get(example.classIndex) ?? []), example]);
  const queues = [...byClass.keys()].sort((a, b) => a - b).map((key) => byClass.get(key)!);
  const picked: T[] = [];
  for (let round = 0; picked.length < limit && queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) if (round < queue.length && picked.length < limit) picked.push(queue[round]);
  }
  return picked;
}
