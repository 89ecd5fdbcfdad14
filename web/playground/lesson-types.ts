/**
 * The shape of a lesson: steps written from the AWS CLI User Guide, each with the command its Run button
 * puts on the command line and a check of what the command did, read back from the sandbox.
 */

/** What a check may look at: the sandbox (through the library's client), the virtual home, the step's run. */
export interface CheckContext {
  /** The sandbox's AWS, as `aws.send('s3', 'HeadBucket', { Bucket })` in the library. */
  send(service: string, operation: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A file of the virtual home (`~/out.json`) as text, or undefined when there is none. */
  readFile(path: string): Promise<string | undefined>;
  /** The last run of this step's command: its exit code and what it printed. */
  run: { code: number; stdout: string; stderr: string } | undefined;
}

export interface LessonStep {
  /** What the step teaches: paragraphs separated by blank lines; `backticks` mark code. */
  text: string;
  /** The command line the step's Run button fills in. */
  command: string;
  /** Files written to the virtual home (`~/…`) before the step runs, for `file://` and uploads. */
  files?: Record<string, string>;
  /** Shown beside the step: the Glacier tree hash of a file of the virtual home, leaf by leaf. */
  widget?: { kind: 'tree-hash'; path: string };
  check?: {
    /** What the check looks for, as the page shows it ("The bucket exists"). */
    says: string;
    /** Resolves to what is missing or wrong ("No bucket named …"), or undefined when the step is done. */
    run(ctx: CheckContext): Promise<string | undefined>;
  };
}

export interface Lesson {
  /** The lesson's part of a share link (`#lesson=s3&step=2`). */
  id: string;
  title: string;
  /** Where in the AWS CLI User Guide the lesson comes from. */
  source: string;
  steps: LessonStep[];
}
