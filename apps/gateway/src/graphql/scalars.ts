import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literal(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value)]));
    case Kind.LIST:
      return node.values.map(literal);
    default:
      return null;
  }
}

/** A JSON object of string values, e.g. host labels or JMH params: `{ "team": "payments" }`. */
export const StringMapScalar = new GraphQLScalarType({
  name: 'StringMap',
  description: 'A JSON object whose values are strings, e.g. {"team": "payments", "environment": "prod"}',
  serialize: (value) => value,
  parseValue: (value) => assertStringMap(value),
  parseLiteral: (node) => assertStringMap(literal(node)),
});

function assertStringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('StringMap must be a JSON object');
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new TypeError(`StringMap value of "${key}" must be a string`);
  }
  return value as Record<string, string>;
}
