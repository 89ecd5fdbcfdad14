/**
 * The shorthand grammar against the AWS CLI's own parser: every case in shorthand-cases.json was
 * recorded from aws-cli 2.9.19 (input → parsed value, or the exact error text with its caret line).
 * Then the model-aware step and the `@=` file references, which the recorded CLI predates.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyShorthandModel,
  FileReference,
  parseShorthand,
  quotedEnd,
  ShorthandSyntaxError,
} from '../../src/cli/shorthand.js';
import { createNodeModelSource } from '../../src/adapters/node/models.js';

const recorded = JSON.parse(readFileSync(new URL('./shorthand-cases.json', import.meta.url), 'utf8')) as {
  cases: Array<{ input: string; output?: unknown; error?: string }>;
};

describe('shorthand syntax, as aws-cli parses it', () => {
  it.each(recorded.cases.filter((c) => c.error === undefined).map((c) => [c.input, c.output]))(
    '%j',
    (input, output) => {
      expect(parseShorthand(input as string)).toEqual(output);
    },
  );

  it.each(recorded.cases.filter((c) => c.error !== undefined).map((c) => [c.input, c.error]))(
    '%j is an error',
    (input, message) => {
      expect(() => parseShorthand(input as string)).toThrow(ShorthandSyntaxError);
      expect(() => parseShorthand(input as string)).toThrow(message as string);
    },
  );

  it('reads key@=file://path as a reference to load', () => {
    expect(parseShorthand('Name=x,Body@=file://doc.txt')).toEqual({
      Name: 'x',
      Body: new FileReference('file://doc.txt'),
    });
  });
});

describe('model-aware conversion', () => {
  it('types numbers and booleans and wraps single values in lists (ec2 RunInstances block devices)', async () => {
    const model = await createNodeModelSource().load('ec2');
    const shape = model.shapes[model.shapes.RunInstancesRequest!.members!.BlockDeviceMappings!.shape]!;
    const value = [parseShorthand('DeviceName=/dev/xvda,Ebs={VolumeSize=20,DeleteOnTermination=true,Iops=3000}')];
    expect(applyShorthandModel(model, shape, value)).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, DeleteOnTermination: true, Iops: 3000 } },
    ]);
    const filters = model.shapes[model.shapes.DescribeInstancesRequest!.members!.Filters!.shape]!;
    expect(applyShorthandModel(model, filters, [parseShorthand('Name=x,Values=one')])).toEqual([
      { Name: 'x', Values: ['one'] },
    ]);
  });

  it('rejects a number that Python would not read, as the CLI does (exit 255 wording)', async () => {
    const model = await createNodeModelSource().load('dynamodb');
    const shape = model.shapes[model.shapes.UpdateTableInput!.members!.ProvisionedThroughput!.shape]!;
    expect(() => applyShorthandModel(model, shape, parseShorthand('ReadCapacityUnits=x,WriteCapacityUnits=1'))).toThrow(
      "invalid literal for int() with base 10: 'x'",
    );
  });
});

describe('quoted values', () => {
  it("end where the CLI's regular expression ends them, on 20,000 strings of quotes, backslashes and letters", () => {
    const regex = { "'": /'(?:\\\\|\\'|[^'])*'/y, '"': /"(?:\\\\|\\"|[^"])*"/y };
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 20_000; n++) {
      const quote = n % 2 ? "'" : '"';
      let text = quote;
      for (let i = Math.floor(next() * 16); i > 0; i--) text += ['\\', quote, 'a', ','][Math.floor(next() * 4)];
      const re = regex[quote];
      re.lastIndex = 0;
      const m = re.exec(text);
      expect([text, quotedEnd(text, 0, quote)]).toEqual([text, m ? m[0].length : -1]);
    }
  });

  it('reads a value never closed after many backslashes at once (the regular expression backtracks exponentially)', () => {
    const text = `Key='${'\\'.repeat(40)}`;
    expect(() => parseShorthand(text)).toThrow(ShorthandSyntaxError);
    expect(parseShorthand(`Key='${'\\\\'.repeat(20)}'`)).toEqual({ Key: '\\'.repeat(20) });
  });
});
