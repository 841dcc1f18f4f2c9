// Task names and the output layout of the linear head (Appendix B, Section 2.2).
// A task set is one task, several joined with '+', or `all`; its head concatenates each task's
// units in the canonical order below, so `all` is 1 + 2 + 6 + 117 + 548 = 674 outputs.

export const TASKS = ['distance', 'translation', 'rotation', 'category', 'identity'] as const;
export type TaskName = (typeof TASKS)[number];

/** Class-space sizes of the paper's dataset; training heads always use these (a variant may use fewer). */
export const NUM_CATEGORIES = 117;
export const NUM_IDENTITIES = 548;

/** Output units per task: z; x, y; sin/cos of R^xy, R^yz, R^zx; class logits. */
export const TASK_UNITS: Record<TaskName, number> = {
  distance: 1, translation: 2, rotation: 6, category: NUM_CATEGORIES, identity: NUM_IDENTITIES,
};

export interface TaskSet {
  /** Canonical name: `all`, or members in canonical order joined by '+'. */
  name: string;
  tasks: TaskName[];
  outputs: number;
  /** Where each task's units sit in the head output. */
  slices: Partial<Record<TaskName, { start: number; size: number }>>;
}

export function isTaskName(s: string): s is TaskName {
  return (TASKS as readonly string[]).includes(s);
}

/** Parses `distance`, `translation+distance`, `all`, ... into a canonical task set. */
export function parseTaskSet(text: string): TaskSet {
  const parts = text === 'all' ? [...TASKS] : text.split('+').map((s) => s.trim());
  for (const p of parts) {
    if (!isTaskName(p)) {
      throw new Error(`task '${text}': unknown task '${p}'; expected ${TASKS.join(', ')}, joined with '+', or 'all'` +
        (p === 'untrained' ? " ('untrained' is a model, not a task)" : ''));
    }
  }
  if (new Set(parts).size !== parts.length) throw new Error(`task '${text}': a task appears twice`);
  const tasks = TASKS.filter((t) => parts.includes(t));
  const slices: TaskSet['slices'] = {};
  let start = 0;
  for (const t of tasks) {
    slices[t] = { start, size: TASK_UNITS[t] };
    start += TASK_UNITS[t];
  }
  const name = tasks.length === TASKS.length ? 'all' : tasks.join('+');
  return { name, tasks, outputs: start, slices };
}
