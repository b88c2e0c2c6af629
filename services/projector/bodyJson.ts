// An event body's JSON text, serialised once per event: the read model keeps it in records.body,
// in feed_events.body and inside entity facts. Bodies are never mutated after decoding, and the
// memo lives only as long as the body object (a WeakMap).
const memo = new WeakMap<object, string>();

export function bodyJsonOf(body: object): string {
  let json = memo.get(body);
  if (json === undefined) {
    json = JSON.stringify(body);
    memo.set(body, json);
  }
  return json;
}
