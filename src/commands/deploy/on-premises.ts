/**
 * What `deploy register` and `deregister` share (the AWS CLI's codedeploy/register.py, deregister.py,
 * utils.py): the `--instance-name` option, the agent's configuration file name, and how a run of steps
 * ends when one fails — the step's line left open on stdout, then `ERROR`, the reason and where the user
 * guide explains the steps by hand on stderr, exit 255.
 */
import { AbortedError, errorText } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { valueOption } from '../../cli/command.js';

/** The file `register` writes in the current folder and `install` reads. */
export const CONFIG_FILE = 'codedeploy.onpremises.yml';

export const instanceNameOption = valueOption('instance-name', 'string', 'The name of the on-premises instance.', {
  required: true,
});

/** Runs `steps`; a failure is reported as the CLI reports it, naming what to follow in the guide. */
export async function runSteps(host: Host, what: string, steps: () => Promise<void>): Promise<number> {
  try {
    await steps();
    return 0;
  } catch (err) {
    // An interrupt is not a failed step: the CLI's `except Exception` lets KeyboardInterrupt through.
    if (err instanceof AbortedError) throw err;
    host.stderr.write(
      `ERROR\n${errorText(err)}\n${what} by following the instructions in "Configure Existing On-Premises Instances by Using AWS CodeDeploy" in the AWS CodeDeploy User Guide.\n`,
    );
    return 255;
  }
}
