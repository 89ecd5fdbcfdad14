import { describe, expect, it } from 'vitest';
import { ParamValidationError } from './errors.js';
import type { ServiceModel } from './model/types.js';
import { JAVASCRIPT_WORDING, validateParams } from './validate.js';
import { BOTOCORE_WORDING } from './validate-botocore.js';

const model: ServiceModel = {
  metadata: { apiVersion: '1', endpointPrefix: 'x', protocol: 'json' },
  operations: {},
  shapes: {
    Input: {
      type: 'structure',
      required: ['Name', 'Filters'],
      members: {
        Name: { shape: 'Str' },
        Count: { shape: 'Int' },
        Filters: { shape: 'FilterList' },
        When: { shape: 'Time' },
        Flag: { shape: 'Bool' },
      },
    },
    Str: { type: 'string', min: 1 },
    Int: { type: 'integer', min: 1 },
    Bool: { type: 'boolean' },
    Time: { type: 'timestamp' },
    FilterList: { type: 'list', member: { shape: 'Filter' } },
    Filter: { type: 'structure', required: ['Key'], members: { Key: { shape: 'Str' } } },
  },
};

function problems(params: unknown, wording: 'botocore' | 'javascript' = 'botocore'): string[] {
  try {
    validateParams(model, { shape: 'Input' }, params, wording === 'botocore' ? BOTOCORE_WORDING : JAVASCRIPT_WORDING);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ParamValidationError);
    return (err as ParamValidationError).problems.map((p) => p.message);
  }
}

describe('validateParams', () => {
  it("words a wrong type in JavaScript's terms for the library", () => {
    expect(problems({ Name: 42, Filters: [{ Key: ['k'] }], Count: 1.5, When: {}, Flag: 'yes' }, 'javascript')).toEqual([
      'Invalid type for parameter Name: expected string, got number (42)',
      'Invalid type for parameter Filters[0].Key: expected string, got array (["k"])',
      'Invalid type for parameter Count: expected integer, got number (not an integer) (1.5)',
      'Invalid type for parameter When: expected Date, date string or epoch seconds, got object ({})',
      'Invalid type for parameter Flag: expected boolean, got string (yes)',
    ]);
  });

  it('accepts valid input', () => {
    expect(
      problems({ Name: 'a', Filters: [{ Key: 'k' }], Count: 2, When: '2024-01-01T00:00:00Z', Flag: false }),
    ).toEqual([]);
  });

  it('lists every problem at once, with paths, in botocore wording', () => {
    expect(problems({ Name: '', Count: 1.5, Filters: [{}], Flag: 'yes', Bogus: 1 })).toEqual([
      'Invalid length for parameter Name, value: 0, valid min length: 1',
      "Invalid type for parameter Count, value: 1.5, type: <class 'float'>, valid types: <class 'int'>",
      'Missing required parameter in Filters[0]: "Key"',
      "Invalid type for parameter Flag, value: yes, type: <class 'str'>, valid types: <class 'bool'>",
      'Unknown parameter in input: "Bogus", must be one of: Name, Count, Filters, When, Flag',
    ]);
  });

  it('shows a wrong value as Python prints it in botocore wording (None, True, a dict)', () => {
    expect(problems({ Name: null, Filters: [{ Key: { ref: 'x', n: 1 } }], Flag: false, Count: true })).toEqual([
      "Invalid type for parameter Name, value: None, type: <class 'NoneType'>, valid types: <class 'str'>",
      "Invalid type for parameter Filters[0].Key, value: {'ref': 'x', 'n': 1}, type: <class 'dict'>, valid types: <class 'str'>",
      "Invalid type for parameter Count, value: True, type: <class 'bool'>, valid types: <class 'int'>",
    ]);
  });

  it('reports missing required members and values under min', () => {
    expect(problems({ Count: 0 })).toEqual([
      'Missing required parameter in input: "Name"',
      'Missing required parameter in input: "Filters"',
      'Invalid value for parameter Count, value: 0, valid min value: 1',
    ]);
  });

  it('rejects unparseable timestamps', () => {
    expect(problems({ Name: 'a', Filters: [], When: 'not a date' })[0]).toContain('Invalid type for parameter When');
  });
});
