/**
 * `NumberValue`, the one piece of DynamoDB's document mode (dynamodb-document.ts) the package exports: a
 * module of its own, so that exporting it does not load the conversions, which load only in that mode.
 */

/** A DynamoDB number a JS number cannot hold exactly: kept as its text. */
export class NumberValue {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}
