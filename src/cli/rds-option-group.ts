/**
 * `rds add-option-to-option-group` and `remove-option-from-option-group` (the AWS CLI's rds.py), which
 * replace `modify-option-group`: both call ModifyOptionGroup, one with `--options` as OptionsToInclude,
 * the other as OptionsToRemove, and neither takes the other list. The renamed argument moves to the end
 * of the table, as the CLI's rename_argument re-adds it.
 */
import type { CommandCustomization } from './command-args.js';

/** `--options` for the `kept` list's argument; the `dropped` one's argument taken out. */
export function optionGroupList(kept: string, dropped: string): CommandCustomization {
  return {
    arguments(args) {
      const at = args.findIndex((a) => a.name === kept);
      const [options] = at === -1 ? [] : args.splice(at, 1);
      const gone = args.findIndex((a) => a.name === dropped);
      if (gone !== -1) args.splice(gone, 1);
      if (options) args.push({ ...options, name: 'options' });
    },
  };
}
