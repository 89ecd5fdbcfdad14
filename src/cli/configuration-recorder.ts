/**
 * `configservice put-configuration-recorder --recording-group` (the AWS CLI's
 * putconfigurationrecorder.py): the recorder's recordingGroup member, a structure, has an argument of
 * its own, so that `--configuration-recorder name=default,roleARN=…` works as shorthand, which a nested
 * structure would otherwise prevent. The recorder's argument no longer takes the member.
 */
import { shapeNameOf } from '../core/model/shapes.js';
import { customArg, type CommandCustomization } from './command-args.js';

const MEMBER = 'recordingGroup';

export const recordingGroup: CommandCustomization = {
  arguments(args, model) {
    const recorder = args.find((a) => a.name === 'configuration-recorder' && a.kind === 'member');
    const member = recorder?.shape?.members?.[MEMBER];
    if (!recorder || !member) return;
    // The recorder's shape name, whose member documents the new argument (docs are keyed `Shape.member`).
    const shapeName = shapeNameOf(model, recorder.shape);
    const { [MEMBER]: _taken, ...members } = recorder.shape!.members!;
    recorder.shape = { ...recorder.shape!, members };
    args.push(
      customArg(recordingGroup, {
        name: 'recording-group',
        nargs: 'one',
        shape: model.shapes[member.shape],
        docMember: `${shapeName}.${MEMBER}`,
      }),
    );
  },
  async fill(params, arg, value, { unpack }) {
    const group = await unpack(arg, value as string);
    ((params.ConfigurationRecorder ??= {}) as Record<string, unknown>)[MEMBER] = group;
  },
};
