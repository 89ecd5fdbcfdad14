/**
 * The examples of the Amazon DynamoDB Developer Guide's expression chapters ("Using expressions in DynamoDB"),
 * each parsed on its own and evaluated against the guide's sample item (or applied as an update, or projected),
 * with the outcome the guide describes; the documented error cases are checked in DynamoDB's words.
 */
import { describe, expect, it } from 'vitest';
import { handlers } from '../../src/sandbox/services/dynamodb/index.js';
import {
  parseCondition,
  parseProjection,
  parseUpdate,
  Placeholders,
} from '../../src/sandbox/services/dynamodb/expressions.js';
import { applyUpdate, evaluate, project } from '../../src/sandbox/services/dynamodb/evaluate.js';
import type { AttributeValue, Item } from '../../src/sandbox/services/dynamodb/values.js';
import { fails } from './dynamodb-support.js';
import { harness } from './support.js';

type Names = Record<string, string> | undefined;
type Values = Record<string, AttributeValue> | undefined;

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });
const L = (...items: string[]): AttributeValue => ({ L: items.map(S) });

/** Parses a condition and evaluates it, checking (as DynamoDB does) that every placeholder given was used. */
function holds(item: Item, source: string, values?: Values, names?: Names, what = 'ConditionExpression'): boolean {
  const placeholders = new Placeholders(names, values);
  const condition = parseCondition(source, what, placeholders);
  placeholders.checkAllUsed();
  return evaluate(item, condition, what);
}

function updated(item: Item, source: string, values?: Values, names?: Names): Item {
  const placeholders = new Placeholders(names, values);
  const actions = parseUpdate(source, placeholders);
  placeholders.checkAllUsed();
  return applyUpdate(item, actions);
}

function projected(item: Item, source: string, names?: Names): Item {
  const placeholders = new Placeholders(names, undefined);
  const paths = parseProjection(source, placeholders);
  placeholders.checkAllUsed();
  return project(item, paths);
}

// The ProductCatalog item 123 of "Referring to item attributes when using expressions in DynamoDB":
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html
const BICYCLE: Item = {
  Id: N('123'),
  Title: S('Bicycle 123'),
  Description: S('123 description'),
  BicycleType: S('Hybrid'),
  Brand: S('Brand-Company C'),
  Price: N('500'),
  Color: { SS: ['Red', 'Black'] },
  ProductCategory: S('Bicycle'),
  InStock: { BOOL: true },
  QuantityOnHand: { NULL: true },
  RelatedItems: { L: [N('341'), N('472'), N('649')] },
  Pictures: {
    M: {
      FrontView: S('http://example.com/products/123_front.jpg'),
      RearView: S('http://example.com/products/123_rear.jpg'),
      SideView: S('http://example.com/products/123_left_side.jpg'),
    },
  },
  ProductReviews: {
    M: {
      FiveStar: L("Excellent! Can't recommend it highly enough! Buy it!", 'Do yourself a favor and buy this.'),
      OneStar: L('Terrible product! Do not buy this.'),
    },
  },
  Comment: S('This product sells out quickly during the summer'),
  'Safety.Warning': S('Always wear a helmet'),
};

describe('condition expressions (ProductCatalog item 456)', () => {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
  const ITEM: Item = { Id: N('456'), ProductCategory: S('Sporting Goods'), Price: N('650') };
  const DELETE_VALUES = {
    ':cat1': S('Sporting Goods'),
    ':cat2': S('Gardening Supplies'),
    ':lo': N('500'),
    ':hi': N('600'),
  };

  it.each<[string, Values, boolean]>([
    // Conditional put: the item is there, so the put is refused.
    ['attribute_not_exists(Id)', undefined, false],
    // Delete only a product without a Price; only one with one-star reviews.
    ['attribute_not_exists(Price)', undefined, false],
    ['attribute_exists(ProductReviews.OneStar)', undefined, false],
    // Conditional delete: the category matches, the price does not, so the whole condition is false.
    ['(ProductCategory IN (:cat1, :cat2)) and (Price between :lo and :hi)', DELETE_VALUES, false],
    ['ProductCategory IN (:cat1, :cat2)', { ':cat1': DELETE_VALUES[':cat1'], ':cat2': DELETE_VALUES[':cat2'] }, true],
    ['Price between :lo and :hi', { ':lo': DELETE_VALUES[':lo'], ':hi': DELETE_VALUES[':hi'] }, false],
  ])('%s → %s', (source, values, expected) => {
    expect(holds(ITEM, source, values)).toBe(expected);
  });

  it('conditional update: Price 650 → 575 → 500, then the condition fails', () => {
    const values = { ':discount': N('75'), ':limit': N('500') };
    let item = ITEM;
    const prices: string[] = [];
    while (holds(item, 'Price > :limit', { ':limit': values[':limit'] })) {
      item = updated(item, 'SET Price = Price - :discount', { ':discount': values[':discount'] });
      prices.push(item.Price!.N!);
    }
    expect(prices).toEqual(['575', '500']);
  });

  it('the item with reviews (item 123) passes the one-star check', () => {
    expect(holds(BICYCLE, 'attribute_exists(ProductReviews.OneStar)')).toBe(true);
  });
});

describe('operators and functions (ProductCatalog item 123)', () => {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
  it.each<[string, AttributeValue | undefined, boolean]>([
    ['attribute_exists (Pictures.SideView)', undefined, true],
    ['attribute_not_exists (Manufacturer)', undefined, true],
    ['attribute_type (ProductReviews.FiveStar, :v_sub)', S('L'), true],
    ['attribute_type (Color, :v_sub)', S('SS'), true],
    ['attribute_type (QuantityOnHand, :v_sub)', S('L'), false],
    ['begins_with (Pictures.FrontView, :v_sub)', S('http://'), true],
    ['contains (Brand, :v_sub)', S('Company'), true],
    ['contains (Color, :v_sub)', S('Red'), true],
    ['size (Brand) <= :v_sub', N('20'), true],
    ['size (VideoClip) > :v_sub', N('64000'), false],
    ['size (Color) > :v_sub', N('1'), true],
    ['size (ProductReviews.OneStar) > :v_sub', N('3'), false],
    // The comparators, on Price 500.
    ['Price = :v_sub', N('500'), true],
    ['Price <> :v_sub', N('500'), false],
    ['Price < :v_sub', N('500'), false],
    ['Price <= :v_sub', N('500'), true],
    ['Price > :v_sub', N('499'), true],
    ['Price >= :v_sub', N('501'), false],
  ])('%s (:v_sub = %j) → %s', (source, value, expected) => {
    expect(holds(BICYCLE, source, value ? { ':v_sub': value } : undefined)).toBe(expected);
  });

  it('size() of a binary attribute counts its bytes', () => {
    const item = { ...BICYCLE, VideoClip: { B: new Uint8Array(64001) } };
    expect(holds(item, 'size (VideoClip) > :v_sub', { ':v_sub': N('64000') })).toBe(true);
  });

  it.each<[string, boolean]>([
    ['Price BETWEEN :a AND :b', true],
    ['ProductCategory IN (:c, :d, :e)', true],
    ['ProductCategory IN (:d, :e)', false],
  ])('%s → %s', (source, expected) => {
    const values = { ':a': N('100'), ':b': N('500'), ':c': S('Bicycle'), ':d': S('Car'), ':e': S('Boat') };
    const used = Object.fromEntries(Object.entries(values).filter(([k]) => source.includes(k)));
    expect(holds(BICYCLE, source, used)).toBe(expected);
  });

  // Parentheses and precedence: with a and b true and c false, "a OR b AND c" is true, "(a OR b) AND c" false.
  const [a, b, c] = ['attribute_exists(Title)', 'attribute_exists(Price)', 'attribute_exists(Manufacturer)'];
  it.each<[string, boolean]>([
    [`${a} OR ${b} AND ${c}`, true],
    [`(${a} OR ${b}) AND ${c}`, false],
    [`((${a} OR ${b}) AND ${c}) OR NOT ${c}`, true],
    [`NOT ${a} OR ${c}`, false],
    [`NOT (${a} AND ${c})`, true],
  ])('%s → %s', (source, expected) => {
    expect(holds(BICYCLE, source)).toBe(expected);
  });

  it.each<[string, Values, string]>([
    [
      'contains (Brand, Brand)',
      undefined,
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [Brand]',
    ],
    // Function names are case-sensitive.
    [
      'ATTRIBUTE_EXISTS (Price)',
      undefined,
      'Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS',
    ],
    [
      'attribute_type (Price, :v_sub)',
      { ':v_sub': S('NUMBER') },
      'Invalid ConditionExpression: Invalid attribute type name found; type: NUMBER, valid types: { S,SS,N,NS,B,BS,BOOL,NULL,L,M }',
    ],
    [
      'size (Brand) <= :v_sub',
      undefined,
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v_sub',
    ],
    [
      'Price BETWEEN :v_sub',
      { ':v_sub': N('1') },
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v_sub"',
    ],
  ])('%s fails: %s', (source, values, message) => {
    expect(() => holds(BICYCLE, source, values)).toThrow(message);
  });
});

describe('update expressions (ProductCatalog item 789)', () => {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
  // The guide's examples run one after another on the same item; each row is the item's change.
  const START: Item = {
    Id: N('789'),
    ProductCategory: S('Home Improvement'),
    Price: N('52'),
    InStock: { BOOL: true },
    Brand: S('Acme'),
  };
  const REVIEWS_1 = { M: { FiveStar: L('Best product ever!') } };
  const REVIEWS_2 = {
    M: { FiveStar: L('Best product ever!', 'Very happy with my purchase'), ThreeStar: L('Just OK - not that great') },
  };
  const STEPS: Array<[string, Values, Names, Record<string, AttributeValue | undefined>]> = [
    // Modifying attributes.
    [
      'SET ProductCategory = :c, Price = :p',
      { ':c': S('Hardware'), ':p': N('60') },
      undefined,
      {
        ProductCategory: S('Hardware'),
        Price: N('60'),
      },
    ],
    // Adding lists and maps.
    [
      'SET RelatedItems = :ri, ProductReviews = :pr',
      { ':ri': L('Hammer'), ':pr': REVIEWS_1 },
      undefined,
      {
        RelatedItems: L('Hammer'),
        ProductReviews: REVIEWS_1,
      },
    ],
    // Adding elements to a list: an index past the end appends.
    ['SET RelatedItems[1] = :ri', { ':ri': S('Nails') }, undefined, { RelatedItems: L('Hammer', 'Nails') }],
    // Adding nested map attributes.
    [
      'SET #pr.#5star[1] = :r5, #pr.#3star = :r3',
      { ':r5': S('Very happy with my purchase'), ':r3': L('Just OK - not that great') },
      { '#pr': 'ProductReviews', '#5star': 'FiveStar', '#3star': 'ThreeStar' },
      { ProductReviews: REVIEWS_2 },
    ],
    // Incrementing and decrementing numeric attributes.
    ['SET Price = Price - :p', { ':p': N('15') }, undefined, { Price: N('45') }],
    ['SET Price = Price + :p', { ':p': N('15') }, undefined, { Price: N('60') }],
    // Appending elements to a list, at the end and then at the beginning.
    [
      'SET #ri = list_append(#ri, :vals)',
      { ':vals': L('Screwdriver', 'Hacksaw') },
      { '#ri': 'RelatedItems' },
      { RelatedItems: L('Hammer', 'Nails', 'Screwdriver', 'Hacksaw') },
    ],
    [
      'SET #ri = list_append(:vals, #ri)',
      { ':vals': L('Chisel') },
      { '#ri': 'RelatedItems' },
      { RelatedItems: L('Chisel', 'Hammer', 'Nails', 'Screwdriver', 'Hacksaw') },
    ],
    // Preventing overwrites of an existing attribute: Price exists, so nothing happens.
    ['SET Price = if_not_exists(Price, :p)', { ':p': N('100') }, undefined, {}],
    // REMOVE: attributes (one of them absent, which is no error), then list elements, which close up.
    ['REMOVE Brand, InStock, QuantityOnHand', undefined, undefined, { Brand: undefined, InStock: undefined }],
    [
      'REMOVE RelatedItems[1], RelatedItems[2]',
      undefined,
      undefined,
      { RelatedItems: L('Chisel', 'Screwdriver', 'Hacksaw') },
    ],
    // ADD a number: QuantityOnHand does not exist, so it becomes 5; run again, 10.
    ['ADD QuantityOnHand :q', { ':q': N('5') }, undefined, { QuantityOnHand: N('5') }],
    ['ADD QuantityOnHand :q', { ':q': N('5') }, undefined, { QuantityOnHand: N('10') }],
    // ADD elements to a set: Color is created, then grows.
    ['ADD Color :c', { ':c': { SS: ['Orange', 'Purple'] } }, undefined, { Color: { SS: ['Orange', 'Purple'] } }],
    [
      'ADD Color :c',
      { ':c': { SS: ['Yellow', 'Green', 'Blue'] } },
      undefined,
      { Color: { SS: ['Orange', 'Purple', 'Yellow', 'Green', 'Blue'] } },
    ],
    // DELETE elements from a set.
    [
      'DELETE Color :p',
      { ':p': { SS: ['Yellow', 'Purple'] } },
      undefined,
      { Color: { SS: ['Orange', 'Green', 'Blue'] } },
    ],
  ];

  const states: Item[] = [START];
  for (const [, , , change] of STEPS) {
    const next: Item = structuredClone(states[states.length - 1]!);
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    states.push(next);
  }

  it.each(STEPS.map(([source, values, names], i) => [i + 1, source, values, names, states[i]!, states[i + 1]!]))(
    'step %i: %s',
    (_, source, values, names, before, after) => {
      expect(updated(before, source, values, names)).toEqual(after);
    },
  );

  it('ends with the item the guide shows', () => {
    expect(states[states.length - 1]).toEqual({
      Id: N('789'),
      ProductCategory: S('Hardware'),
      Price: N('60'),
      RelatedItems: L('Chisel', 'Screwdriver', 'Hacksaw'),
      ProductReviews: REVIEWS_2,
      QuantityOnHand: N('10'),
      Color: { SS: ['Orange', 'Green', 'Blue'] },
    });
  });

  it('evaluates every action against the item as it was before the update', () => {
    const item = { Id: N('789'), Price: N('52'), Brand: S('Acme') };
    expect(updated(item, 'SET Price = Price + :p, OldPrice = Price', { ':p': N('8') })).toEqual({
      ...item,
      Price: N('60'),
      OldPrice: N('52'),
    });
  });

  it('SET with if_not_exists sets an attribute that is absent', () => {
    expect(updated(START, 'SET Rating = if_not_exists(Rating, :p)', { ':p': N('100') })).toEqual({
      ...START,
      Rating: N('100'),
    });
  });

  it.each<[string, Values, Names, string]>([
    // Each clause keyword appears only once.
    [
      'SET Price = :p SET Brand = :b',
      { ':p': N('1'), ':b': S('b') },
      undefined,
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    ],
    // ADD supports only numbers and sets; DELETE only sets.
    [
      'ADD Brand :b',
      { ':b': S('Acme') },
      undefined,
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
    ],
    [
      'DELETE Color :c',
      { ':c': S('Red') },
      undefined,
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING',
    ],
    ['ADD Brand :q', { ':q': N('5') }, undefined, 'An operand in the update expression has an incorrect data type'],
    [
      'SET Brand = Brand - :q',
      { ':q': N('5') },
      undefined,
      'An operand in the update expression has an incorrect data type',
    ],
    // list_append and if_not_exists belong to SET and are case-sensitive.
    [
      'SET #ri = LIST_APPEND(#ri, :v)',
      { ':v': L('x') },
      { '#ri': 'RelatedItems' },
      'Invalid UpdateExpression: Invalid function name; function: LIST_APPEND',
    ],
    // DynamoDB names the type by its code here ("operand type: M"; aws/aws-sdk-js-v3#7171 quotes it).
    [
      'SET #ri = list_append(#ri, :v)',
      { ':v': { M: {} } },
      { '#ri': 'RelatedItems' },
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: M',
    ],
    [
      'SET Price = Price - :p',
      { ':p': N('1'), ':q': N('2') },
      undefined,
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:q}',
    ],
    [
      'SET Price = Price - :q',
      { ':p': N('1') },
      undefined,
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :q',
    ],
    [
      'SET Price = if_not_exists(:p, Price)',
      { ':p': N('1') },
      undefined,
      'Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists',
    ],
    [
      'SET RelatedItems = :r REMOVE RelatedItems[0]',
      { ':r': L('x') },
      undefined,
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [RelatedItems], path two: [RelatedItems, [0]]',
    ],
  ])('%s fails: %s', (source, values, names, message) => {
    expect(() => updated(states[1]!, source, values, names)).toThrow(message);
  });

  it('if_not_exists is not allowed in a condition', () => {
    expect(() => holds(START, 'if_not_exists(Price, :p) = :p', { ':p': N('1') })).toThrow(
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: if_not_exists',
    );
  });
});

describe('projection expressions and document paths (ProductCatalog item 123)', () => {
  const reviews = BICYCLE.ProductReviews!.M!;

  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
  it.each<[string, Names, Item]>([
    ['Title', undefined, { Title: BICYCLE.Title! }],
    ['Title, Price, Color', undefined, { Title: BICYCLE.Title!, Price: BICYCLE.Price!, Color: BICYCLE.Color! }],
    [
      'Title, Description, RelatedItems, ProductReviews',
      undefined,
      {
        Title: BICYCLE.Title!,
        Description: BICYCLE.Description!,
        RelatedItems: BICYCLE.RelatedItems!,
        ProductReviews: BICYCLE.ProductReviews!,
      },
    ],
    [
      'Description, RelatedItems[0], ProductReviews.FiveStar',
      undefined,
      {
        Description: BICYCLE.Description!,
        RelatedItems: { L: [N('341')] },
        ProductReviews: { M: { FiveStar: reviews.FiveStar! } },
      },
    ],
  ])('%s', (source, names, expected) => {
    expect(projected(BICYCLE, source, names)).toEqual(expected);
  });

  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html
  it.each<[string, Item]>([
    ['RelatedItems', { RelatedItems: BICYCLE.RelatedItems! }],
    ['RelatedItems[2]', { RelatedItems: { L: [N('649')] } }],
    ['Pictures.FrontView', { Pictures: { M: { FrontView: BICYCLE.Pictures!.M!.FrontView! } } }],
    ['ProductReviews.FiveStar', { ProductReviews: { M: { FiveStar: reviews.FiveStar! } } }],
    ['ProductReviews.FiveStar[0]', { ProductReviews: { M: { FiveStar: { L: [reviews.FiveStar!.L![0]!] } } } }],
    ['ProductDescription', {}],
  ])('document path %s', (source, expected) => {
    expect(projected(BICYCLE, source)).toEqual(expected);
  });

  it('reads nested lists (ThisList[5][11]) and maps (MyMap.nestedField.deeplyNestedField)', () => {
    const inner = { L: Array.from({ length: 12 }, (_, i) => N(String(i))) };
    const item: Item = {
      ThisList: { L: [...Array.from({ length: 5 }, () => N('0')), inner] },
      MyMap: { M: { nestedField: { M: { deeplyNestedField: S('deep') } } } },
    };
    expect(projected(item, 'ThisList[5][11], MyMap.nestedField.deeplyNestedField')).toEqual({
      ThisList: { L: [{ L: [N('11')] }] },
      MyMap: item.MyMap!,
    });
  });

  it.each([
    // The index must be a non-negative integer.
    ['MyList[-1]', 'Invalid ProjectionExpression: Syntax error; token: "-", near: "[-"'],
    ['MyList[0.4]', 'Invalid ProjectionExpression: Syntax error; token: ".", near: "0."'],
  ])('%s fails: %s', (source, message) => {
    expect(() => projected(BICYCLE, source)).toThrow(message);
  });
});

describe('expression attribute names (ProductCatalog item 123)', () => {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
  const reviews = BICYCLE.ProductReviews!.M!;
  const someReviews = { ProductReviews: { M: { FiveStar: reviews.FiveStar!, OneStar: reviews.OneStar! } } };

  it.each<[string, Names, Item]>([
    // Reserved words: Comment goes through #c.
    ['#c', { '#c': 'Comment' }, { Comment: BICYCLE.Comment! }],
    // Attribute names containing dots: Safety.Warning is read as a path (nothing there), #sw as one name.
    ['Safety.Warning', undefined, {}],
    ['#sw', { '#sw': 'Safety.Warning' }, { 'Safety.Warning': S('Always wear a helmet') }],
    // Nested attributes: one placeholder for the whole path names a top-level attribute that does not exist.
    ['ProductReviews.OneStar', undefined, { ProductReviews: { M: { OneStar: reviews.OneStar! } } }],
    ['#pr1star', { '#pr1star': 'ProductReviews.OneStar' }, {}],
    [
      '#pr.#1star',
      { '#pr': 'ProductReviews', '#1star': 'OneStar' },
      { ProductReviews: { M: { OneStar: reviews.OneStar! } } },
    ],
    // Repeating attribute names.
    ['ProductReviews.FiveStar, ProductReviews.ThreeStar, ProductReviews.OneStar', undefined, someReviews],
    ['#pr.FiveStar, #pr.ThreeStar, #pr.OneStar', { '#pr': 'ProductReviews' }, someReviews],
  ])('%s', (source, names, expected) => {
    expect(projected(BICYCLE, source, names)).toEqual(expected);
  });

  it.each<[string, Names, string]>([
    [
      'Comment',
      undefined,
      'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: Comment',
    ],
    [
      'ProductReviews.#1star',
      { '#pr': 'ProductReviews' },
      'Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #1star',
    ],
    [
      'Title',
      { '#pr': 'ProductReviews' },
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#pr}',
    ],
    // The # cannot be omitted, nor left alone.
    [
      'pr.FiveStar',
      { '#pr': 'ProductReviews' },
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#pr}',
    ],
    ['#', undefined, 'Invalid ProjectionExpression: Syntax error; token: "#", near: "#"'],
  ])('%s fails: %s', (source, names, message) => {
    expect(() => projected(BICYCLE, source, names)).toThrow(message);
  });

  it('reserved words are refused in conditions and updates too', () => {
    expect(() => holds(BICYCLE, 'attribute_exists(Comment)')).toThrow(
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Comment',
    );
    expect(() => updated(BICYCLE, 'REMOVE Comment')).toThrow(
      'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Comment',
    );
    expect(updated(BICYCLE, 'REMOVE #c', undefined, { '#c': 'Comment' }).Comment).toBeUndefined();
  });
});

describe('expression attribute values (ProductCatalog item 123)', () => {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeValues.html
  const FILTER = 'contains(Color, :c) and Price <= :p';

  it.each<[string, boolean]>([
    ['Black', true],
    ['Blue', false],
  ])('the Black-and-500 filter, colour %s → %s', (colour, expected) => {
    expect(holds(BICYCLE, FILTER, { ':c': S(colour), ':p': N('500') }, undefined, 'FilterExpression')).toBe(expected);
  });

  it.each<[Values, string]>([
    [
      { ':c': S('Black') },
      'Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :p',
    ],
    [
      { ':c': S('Black'), ':p': N('500'), ':q': N('1') },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:q}',
    ],
    // The colon cannot be omitted: p is then an attribute path, and :p goes unused.
    [
      { ':c': S('Black'), ':p': N('500') },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:p}',
    ],
  ])('%j fails: %s', (values, message) => {
    const source = message.includes('{:p}') ? 'contains(Color, :c) and Price <= p' : FILTER;
    expect(() => holds(BICYCLE, source, values, undefined, 'FilterExpression')).toThrow(message);
  });
});

describe('key condition expressions (Thread and Reply)', () => {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
  const FORUM = 'Amazon DynamoDB';
  const THREAD_1 = 'Amazon DynamoDB#DynamoDB Thread 1';
  const THREADS: Item[] = [
    { ForumName: S(FORUM), Subject: S('DynamoDB Thread 1'), Views: N('5') },
    { ForumName: S(FORUM), Subject: S('DynamoDB Thread 2'), Views: N('1') },
    { ForumName: S('Amazon S3'), Subject: S('S3 Thread 1'), Views: N('9') },
  ];
  const DATES = [
    '2015-08-30T10:00:00.000Z',
    '2015-09-15T19:58:22.947Z',
    '2015-09-22T19:58:22.947Z',
    '2015-10-01T08:00:00.000Z',
  ];
  const REPLIES: Item[] = [
    ...DATES.map((d) => ({ Id: S(THREAD_1), ReplyDateTime: S(d), Message: S('reply') })),
    { Id: S('Amazon DynamoDB#DynamoDB Thread 2'), ReplyDateTime: S(DATES[1]!), Message: S('other') },
  ];

  async function withForum() {
    const h = harness('dynamodb', handlers);
    for (const [TableName, hash, range] of [
      ['Thread', 'ForumName', 'Subject'],
      ['Reply', 'Id', 'ReplyDateTime'],
    ] as const) {
      await h.call('CreateTable', {
        TableName,
        AttributeDefinitions: [
          { AttributeName: hash, AttributeType: 'S' },
          { AttributeName: range, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: hash, KeyType: 'HASH' },
          { AttributeName: range, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      });
    }
    for (const Item of THREADS) await h.call('PutItem', { TableName: 'Thread', Item });
    for (const Item of REPLIES) await h.call('PutItem', { TableName: 'Reply', Item });
    return h;
  }

  // [table, key condition, values, sort keys of the items read]
  const EXAMPLES: Array<[string, string, Values, string[]]> = [
    ['Thread', 'ForumName = :name', { ':name': S(FORUM) }, ['DynamoDB Thread 1', 'DynamoDB Thread 2']],
    [
      'Thread',
      'ForumName = :name and Subject = :sub',
      { ':name': S(FORUM), ':sub': S('DynamoDB Thread 1') },
      ['DynamoDB Thread 1'],
    ],
    [
      'Reply',
      'Id = :id and begins_with(ReplyDateTime, :dt)',
      { ':id': S(THREAD_1), ':dt': S('2015-09') },
      [DATES[1]!, DATES[2]!],
    ],
    // The other sort-key comparators the page lists.
    ['Reply', 'Id = :id AND ReplyDateTime = :dt', { ':id': S(THREAD_1), ':dt': S(DATES[2]!) }, [DATES[2]!]],
    ['Reply', 'Id = :id AND ReplyDateTime < :dt', { ':id': S(THREAD_1), ':dt': S(DATES[2]!) }, [DATES[0]!, DATES[1]!]],
    [
      'Reply',
      'Id = :id AND ReplyDateTime <= :dt',
      { ':id': S(THREAD_1), ':dt': S(DATES[2]!) },
      [DATES[0]!, DATES[1]!, DATES[2]!],
    ],
    ['Reply', 'Id = :id AND ReplyDateTime > :dt', { ':id': S(THREAD_1), ':dt': S(DATES[2]!) }, [DATES[3]!]],
    ['Reply', 'Id = :id AND ReplyDateTime >= :dt', { ':id': S(THREAD_1), ':dt': S(DATES[2]!) }, [DATES[2]!, DATES[3]!]],
    [
      'Reply',
      'Id = :id AND ReplyDateTime BETWEEN :from AND :to',
      { ':id': S(THREAD_1), ':from': S('2015-09-01'), ':to': S('2015-09-30') },
      [DATES[1]!, DATES[2]!],
    ],
  ];

  it.each(EXAMPLES)('%s: %s, parsed and evaluated on its own', (table, source, values, expected) => {
    const [items, sortKey] = table === 'Thread' ? [THREADS, 'Subject'] : [REPLIES, 'ReplyDateTime'];
    const read = items.filter((item) => holds(item, source, values, undefined, 'KeyConditionExpression'));
    expect(read.map((item) => item[sortKey]!.S)).toEqual(expected);
  });

  it.each(EXAMPLES)('%s: %s, through Query', async (table, source, values, expected) => {
    const h = await withForum();
    const { output } = await h.call('Query', {
      TableName: table,
      KeyConditionExpression: source,
      ExpressionAttributeValues: values,
    });
    const sortKey = table === 'Thread' ? 'Subject' : 'ReplyDateTime';
    expect((output.Items as Item[]).map((item) => item[sortKey]!.S)).toEqual(expected);
  });

  it('filters a Query with a placeholder for the reserved word Views', async () => {
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html
    const h = await withForum();
    const { output } = await h.call('Query', {
      TableName: 'Thread',
      KeyConditionExpression: 'ForumName = :fn',
      FilterExpression: '#v >= :num',
      ExpressionAttributeNames: { '#v': 'Views' },
      ExpressionAttributeValues: { ':fn': S(FORUM), ':num': N('3') },
    });
    expect(output).toMatchObject({ Count: 1, ScannedCount: 2, Items: [THREADS[0]] });
  });

  it.each<[string, string | undefined, Values, string]>([
    [
      'Id = :id',
      'Views >= :n',
      { ':n': N('3') },
      'Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: Views',
    ],
    [
      'Id = :id',
      'ReplyDateTime > :n',
      { ':n': S('2015') },
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: ReplyDateTime',
    ],
    ['Id > :id', undefined, {}, 'Query key condition not supported'],
    ['begins_with(Id, :id)', undefined, {}, 'Query key condition not supported'],
    [
      'Id = :id OR ReplyDateTime > :dt',
      undefined,
      { ':dt': S('2015') },
      'Invalid operator used in KeyConditionExpression: OR',
    ],
    [
      'Id = :id AND ReplyDateTime <> :dt',
      undefined,
      { ':dt': S('2015') },
      'Invalid operator used in KeyConditionExpression: <>',
    ],
    [
      'Id = :id AND contains(ReplyDateTime, :dt)',
      undefined,
      { ':dt': S('2015') },
      'Invalid operator used in KeyConditionExpression: contains',
    ],
    [
      'Id = :id AND Message = :dt',
      undefined,
      { ':dt': S('x') },
      'Query condition missed key schema element: ReplyDateTime',
    ],
    ['ReplyDateTime = :dt', undefined, { ':dt': S('x') }, 'Query condition missed key schema element: Id'],
    [
      'Id = :id AND ReplyDateTime = Message',
      undefined,
      {},
      'Invalid KeyConditionExpression: Query key condition not supported',
    ],
    [
      'Id = :id AND ReplyDateTime > :dt',
      undefined,
      { ':dt': N('2015') },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ],
  ])('Reply: %s (filter %s) fails: %s', async (source, filter, values, message) => {
    const h = await withForum();
    await fails(
      h.call('Query', {
        TableName: 'Reply',
        KeyConditionExpression: source,
        FilterExpression: filter,
        ExpressionAttributeValues: { ':id': S(THREAD_1), ...values },
      }),
      'ValidationException',
      message,
    );
  });

  it('needs a placeholder for a reserved key name (the Movies year example)', () => {
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
    const movie = { year: N('1993'), title: S('Alive') };
    expect(holds(movie, '#y = :yyyy', { ':yyyy': N('1993') }, { '#y': 'year' }, 'KeyConditionExpression')).toBe(true);
    expect(() => holds(movie, 'year = :yyyy', { ':yyyy': N('1993') }, undefined, 'KeyConditionExpression')).toThrow(
      'Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: year',
    );
  });
});
