export type TaskState = "pending" | "running" | "done" | "skipped" | "failed";

/** A change in one line of the progress view: an account (group) and one of its profiles (task). */
export interface TaskUpdate {
  readonly group: string;
  readonly task: string;
  readonly state: TaskState;
  readonly detail?: string;
}

/** Where steps report progress; the CLI shows it live on a terminal and as log lines elsewhere. */
export interface ProgressEvents {
  task(update: TaskUpdate): void;
}
