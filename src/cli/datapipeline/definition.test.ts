import { describe, expect, it } from 'vitest';
import { IsoawsError } from '../../core/errors.js';
import { ArgumentError } from '../usage.js';
import {
  apiToDefinition,
  definitionToObjects,
  definitionToParameters,
  definitionToValues,
  inlineValues,
  loadJson,
} from './definition.js';

describe('the definition file format to the API', () => {
  it('makes each object id, name (the id when left out) and its fields sorted by key, a list as one field per item', () => {
    const definition = {
      objects: [
        { id: 'Default', name: 'Defaults', scheduleType: 'ondemand', failureAndRerunMode: 'CASCADE' },
        { id: 'Act', type: 'ShellCommandActivity', runsOn: { ref: 'Ec2' }, dependsOn: [{ ref: 'A' }, 'B'] },
      ],
    };
    expect(definitionToObjects(definition)).toEqual([
      {
        id: 'Default',
        name: 'Defaults',
        fields: [
          { key: 'failureAndRerunMode', stringValue: 'CASCADE' },
          { key: 'scheduleType', stringValue: 'ondemand' },
        ],
      },
      {
        id: 'Act',
        name: 'Act',
        fields: [
          { key: 'dependsOn', refValue: 'A' },
          { key: 'dependsOn', stringValue: 'B' },
          { key: 'runsOn', refValue: 'Ec2' },
          { key: 'type', stringValue: 'ShellCommandActivity' },
        ],
      },
    ]);
  });

  it('takes only {"ref": …} alone as a reference; other values go as they are, for validation to judge', () => {
    const [object] = definitionToObjects({ objects: [{ id: 'a', d: { ref: 'x', y: 1 }, n: 3, z: null }] });
    expect(object!.fields).toEqual([
      { key: 'd', stringValue: { ref: 'x', y: 1 } },
      { key: 'n', stringValue: 3 },
      { key: 'z', stringValue: null },
    ]);
  });

  it('makes parameters and values, which a definition may leave out', () => {
    const definition = {
      objects: [],
      parameters: [{ id: 'myVar', type: 'String', allowedValues: ['a', 'b'] }],
      values: { myVar: 'a', myList: ['1', '2'] },
    };
    expect(definitionToParameters(definition)).toEqual([
      {
        id: 'myVar',
        attributes: [
          { key: 'allowedValues', stringValue: 'a' },
          { key: 'allowedValues', stringValue: 'b' },
          { key: 'type', stringValue: 'String' },
        ],
      },
    ]);
    expect(definitionToValues(definition)).toEqual([
      { id: 'myVar', stringValue: 'a' },
      { id: 'myList', stringValue: '1' },
      { id: 'myList', stringValue: '2' },
    ]);
    expect(definitionToParameters({ objects: [] })).toBeUndefined();
    expect(definitionToValues({ objects: [] })).toBeUndefined();
  });

  it.each([
    [{ parameters: [] }, 'Missing "objects" key'],
    [['objects'], 'Missing "objects" key'],
    [null, 'Missing "objects" key'],
    [{ objects: [{ name: 'x', b: '1', a: '2' }] }, 'Missing "id" key of element: {"name": "x", "b": "1", "a": "2"}'],
    [{ objects: 5 }, '"objects" must be a list of objects'],
    [{ objects: ['a'] }, 'Element of "objects" is not an object: "a"'],
  ])('refuses %j: %s', (definition, what) => {
    expect(() => definitionToObjects(definition)).toThrow(new ArgumentError(`Error in pipeline definition: ${what}\n`));
  });

  it('refuses parameters without an id, and values that are not an object', () => {
    expect(() => definitionToParameters({ parameters: [{ type: 'String' }] })).toThrow(
      'Error in pipeline definition: Missing "id" key of parameter: {"type": "String"}\n',
    );
    expect(() => definitionToParameters({ parameters: { id: 'x' } })).toThrow('"parameters" must be a list of objects');
    expect(() => definitionToValues({ values: ['a'] })).toThrow('"values" must be an object');
  });
});

describe('inline parameter values', () => {
  it('splits at the first =, and collects a repeated id in the place it was first given', () => {
    expect(inlineValues(['a=1', 'b=2', 'a=3', 'c=x=y', 'd='])).toEqual([
      { id: 'a', stringValue: '1' },
      { id: 'a', stringValue: '3' },
      { id: 'b', stringValue: '2' },
      { id: 'c', stringValue: 'x=y' },
      { id: 'd', stringValue: '' },
    ]);
  });

  it('refuses a word without =', () => {
    expect(() => inlineValues(['a=1', 'b'])).toThrow(
      new ArgumentError('Error in parameter: Invalid inline parameter format: b\n'),
    );
  });
});

describe('the API to the definition file format', () => {
  it('gathers repeated fields, attributes and values into lists, references as {"ref": …}', () => {
    const response = {
      pipelineObjects: [
        {
          id: 'Default',
          name: 'Default',
          fields: [
            { key: 'schedule', refValue: 'S' },
            { key: 'tags', stringValue: 'a' },
            { key: 'tags', stringValue: 'b' },
            { key: 'tags', refValue: 'c' },
          ],
        },
      ],
      parameterObjects: [{ id: 'p', attributes: [{ key: 'type', stringValue: 'String' }] }],
      parameterValues: [
        { id: 'p', stringValue: '1' },
        { id: 'm', stringValue: '1' },
        { id: 'm', stringValue: '2' },
      ],
    };
    const definition = apiToDefinition(response);
    expect(Object.keys(definition)).toEqual(['objects', 'parameters', 'values']);
    expect(definition).toEqual({
      objects: [{ id: 'Default', name: 'Default', schedule: { ref: 'S' }, tags: ['a', 'b', { ref: 'c' }] }],
      parameters: [{ id: 'p', type: 'String' }],
      values: { p: '1', m: ['1', '2'] },
    });
  });

  it('round-trips a definition through the API shapes', () => {
    const definition = {
      objects: [{ id: 'A', name: 'A', dependsOn: [{ ref: 'B' }, { ref: 'C' }], type: 'X' }],
      parameters: [{ id: 'myP', type: 'String' }],
      values: { myP: ['1', '2'] },
    };
    const api = {
      pipelineObjects: definitionToObjects(definition),
      parameterObjects: definitionToParameters(definition),
      parameterValues: definitionToValues(definition),
    };
    expect(apiToDefinition(api as Record<string, unknown>)).toEqual(definition);
  });

  it('keeps a "__proto__" field an ordinary key', () => {
    const definition = apiToDefinition({
      pipelineObjects: [{ id: 'a', name: 'a', fields: [{ key: '__proto__', stringValue: 'x' }] }],
    });
    const [object] = definition.objects as Array<Record<string, unknown>>;
    expect(Object.hasOwn(object!, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
  });
});

describe("Python's json.loads", () => {
  it.each([
    ['{"objects": [', 'Expecting value: line 1 column 14 (char 13)'],
    ['', 'Expecting value: line 1 column 1 (char 0)'],
    ['{\n  "a": 1,\n}', 'Expecting property name enclosed in double quotes: line 3 column 1 (char 12)'],
    ['{} x', 'Extra data: line 1 column 4 (char 3)'],
  ])('places the fault in %j as Python does', (text, message) => {
    expect(() => loadJson(text)).toThrow(new IsoawsError(message));
  });

  it('reads numbers as plain numbers', () => {
    expect(loadJson('{"a": 1.5, "b": 2, "c": 1e2}')).toEqual({ a: 1.5, b: 2, c: 100 });
  });
});
