/**
 * The EMR operations whose arguments the CLI changes (emr/listclusters.py, emr/addtags.py):
 * `list-clusters --active | --terminated | --failed` name groups of states, one state filter at most;
 * `add-tags --tags k=v k2` takes tags as words, a word without `=` a tag with an empty value.
 */
import { customArg, type CliArg, type CommandCustomization } from './command-args.js';
import { ArgumentError } from './usage.js';

const STATE_FILTERS: Record<string, readonly string[]> = {
  active: ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING', 'TERMINATING'],
  terminated: ['TERMINATED'],
  failed: ['TERMINATED_WITH_ERRORS'],
};

const STATE_FILTERS_DOC =
  'Shortcut options for --cluster-states. --active: STARTING, BOOTSTRAPPING, RUNNING, WAITING, TERMINATING; --terminated: TERMINATED; --failed: TERMINATED_WITH_ERRORS.';

const ONE_FILTER =
  'aws: error: You can specify only one of the cluster state filters: --cluster-states, --active, --terminated, --failed.';

export const listClusterStates: CommandCustomization = {
  arguments(args) {
    for (const name of Object.keys(STATE_FILTERS))
      args.push(
        customArg(listClusterStates, {
          name,
          nargs: 'flag',
          flagValue: true,
          ...(name === 'active' ? { doc: STATE_FILTERS_DOC } : {}),
        }),
      );
  },
  // The arguments are put in the parameters in table order, --cluster-states first: a second filter,
  // whichever it is, finds ClusterStates set.
  fill(params, arg, value) {
    if (value !== true) return;
    if (Array.isArray(params.ClusterStates) && params.ClusterStates.length) throw new ArgumentError(ONE_FILTER);
    params.ClusterStates = [...STATE_FILTERS[arg.name]!];
  },
};

export const addTagWords: CommandCustomization = {
  arguments(args) {
    const index = args.findIndex((a) => a.name === 'tags');
    const words: CliArg = customArg(addTagWords, {
      name: 'tags',
      nargs: 'many',
      required: true,
      doc: 'A list of tags to associate with a cluster, as key=value words; a key alone gets an empty value.',
    });
    if (index === -1) args.push(words);
    else args[index] = words;
  },
  fill(params, _arg, value) {
    params.Tags = (value as string[]).map((tag) => {
      const at = tag.indexOf('=');
      return at === -1 ? { Key: tag, Value: '' } : { Key: tag.slice(0, at), Value: tag.slice(at + 1) };
    });
  },
};
