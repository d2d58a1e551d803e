import type { mongo } from 'mongoose';

type Collection = mongo.Collection;
type Document = mongo.Document;

/** Above this many values one plain scan, filtered here, beats a long `$in` (see below). */
const MAX_IN_VALUES = 2000;

/**
 * The documents whose `field` is one of `values`, with the projection given (plus `field`).
 * FerretDB scans the whole collection for any filter but `_id` and tests a `$in` value by value,
 * so a long list costs more than reading every document once and checking a Set here.
 */
export async function findWhereIn<T extends Document>(
  collection: Collection,
  field: string,
  values: Iterable<string>,
  projection: Document,
): Promise<T[]> {
  const wanted = new Set(values);
  if (wanted.size === 0) return [];
  const fullProjection = { ...projection, [field]: 1 };
  if (wanted.size <= MAX_IN_VALUES) {
    return (await collection
      .find({ [field]: { $in: [...wanted] } }, { projection: fullProjection })
      .toArray()) as unknown as T[];
  }
  const found: T[] = [];
  const cursor = collection.find({}, { projection: fullProjection, batchSize: 5000 });
  for await (const doc of cursor) {
    if (wanted.has(doc[field] as string)) found.push(doc as unknown as T);
  }
  return found;
}
