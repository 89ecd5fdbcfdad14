import { describe, expect, it } from 'vitest';
import { splitLine } from './split-line.js';

describe('splitLine', () => {
  it.each([
    ['s3 ls', ['s3', 'ls']],
    ['  ec2   describe-instances  ', ['ec2', 'describe-instances']],
    [`--query 'Reservations[].Instances[].InstanceId'`, ['--query', 'Reservations[].Instances[].InstanceId']],
    [`--item '{"a": {"S": "x y"}}'`, ['--item', '{"a": {"S": "x y"}}']],
    [`--message "say \\"hi\\""`, ['--message', 'say "hi"']],
    ['a\\ b c', ['a b', 'c']],
    [`--empty ''`, ['--empty', '']],
    [`pre'fix'"ed"`, ['prefixed']],
  ])('%s', (line, expected) => {
    expect(splitLine(line)).toEqual(expected);
  });

  it('rejects unterminated quotes', () => {
    expect(() => splitLine(`--query 'abc`)).toThrow('No closing quotation in the command line');
    expect(() => splitLine(`--query "abc`)).toThrow('No closing quotation in the command line');
  });
});
