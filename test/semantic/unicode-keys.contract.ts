// State map keys must be well-formed Unicode. Nodes store state keys as UTF-8, where a lone
// surrogate becomes U+FFFD, so '\uD800' and '\uD801' would be the same key on disk: a string key
// with a lone surrogate fails with RT_ERR_INVALID_KEY before it is read or written, whether it
// came from an argument, a literal or a `slice` that splits a surrogate pair. Local maps and
// values may hold any string (a value is stored as JSON text, which escapes lone surrogates).
// A state map key is also at most 256 UTF-16 units long (map work per access is linear in the key
// and unpriced, so its length is bounded); the message names the length, never the whole key.

type Odd = 'a' | '\uD800';

@contract
export class Keys {
  m: Map<string, Int> = new Map();
  odd: Map<Odd, Int> = new Map();
  note: string = '';
  count: Int = 0;

  @entry
  put(k: string, v: Int): Int {
    this.count += 1;
    this.m.set(k, v);
    return this.m.size;
  }

  @view
  get(k: string): Int | undefined {
    return this.m.get(k);
  }

  @view
  has(k: string): boolean {
    return this.m.has(k);
  }

  @entry
  remove(k: string): boolean {
    this.count += 1;
    return this.m.delete(k);
  }

  @entry
  literal(): Int {
    this.count += 1;
    this.m.set('\uD800', 1);
    return this.m.size;
  }

  @entry
  sliced(s: string): Int {
    this.count += 1;
    this.m.set(s.slice(0, 1), 2);
    return this.m.size;
  }

  @entry
  slicedLiteral(): Int {
    const s = '\u{1F600}';
    this.count += 1;
    this.m.set(s.slice(1, 2), 3);
    return this.m.size;
  }

  @entry
  whole(): Int {
    const s = '\u{1F600}!';
    this.m.set(s.slice(0, 2), 4);
    return this.m.size;
  }

  @entry
  caught(k: string): string {
    try {
      this.m.set(k, 5);
    } catch (e) {
      return e.code + ': ' + e.message;
    }
    return 'set';
  }

  @entry
  putOdd(k: Odd): Int {
    this.count += 1;
    this.odd.set(k, 1);
    return this.odd.size;
  }

  @view
  local(k: string): Int {
    const m: Map<string, Int> = new Map();
    m.set(k, 1);
    m.set('\uD801', 2);
    return m.size;
  }

  @entry
  value(s: string): string {
    this.note = s;
    return this.note;
  }

  @view
  keys(): string[] {
    return this.m.keys();
  }
}

// ----
// deploy Keys() -> ok
// put("\ud800", "1") -> RT_ERR_INVALID_KEY @ 21:5 "map key \"\\ud800\" is not well-formed Unicode (lone surrogate)"
// state Keys s/count -> "0"
// put("\ud801", "1") -> RT_ERR_INVALID_KEY @ 21:5 "map key \"\\ud801\" is not well-formed Unicode (lone surrogate)"
// put("a\udc00b", "1") -> RT_ERR_INVALID_KEY @ 21:5
// put("\ude00\ud83d", "1") -> RT_ERR_INVALID_KEY @ 21:5
// state Keys s/count -> "0"
// get("\ud800") -> RT_ERR_INVALID_KEY @ 27:12
// has("\ud800") -> RT_ERR_INVALID_KEY @ 32:12
// remove("\ud800") -> RT_ERR_INVALID_KEY @ 38:12
// literal() -> RT_ERR_INVALID_KEY @ 44:5
// sliced("\ud83d\ude00") -> RT_ERR_INVALID_KEY @ 51:5 "map key \"\\ud83d\" is not well-formed Unicode (lone surrogate)"
// slicedLiteral() -> RT_ERR_INVALID_KEY @ 59:5 "map key \"\\ude00\" is not well-formed Unicode (lone surrogate)"
// putOdd("\ud800") -> RT_ERR_INVALID_KEY @ 83:5
// state Keys s/count -> "0"
// keys() -> []
// caught("\ud800") -> "RT_ERR_INVALID_KEY: map key \"\\ud800\" is not well-formed Unicode (lone surrogate)"
// keys() -> []
// putOdd("a") -> "1"
// put("\ud83d\ude00", "5") -> "1"
// state Keys m/m/😀 -> "5"
// put("😀x", "6") -> "2"
// whole() -> "2"
// state Keys m/m/😀 -> "4"
// get("😀") -> "4"
// has("\ud83d\ude00") -> true
// keys() -> ["😀", "😀x"]
// caught("é😀") -> "set"
// keys() -> ["é😀", "😀", "😀x"]
// remove("😀x") -> true
// state Keys m/m/😀x -> absent
// state Keys s/count -> "4"
// local("\ud800") -> "2"
// value("\ud800") -> "\ud800"
// state Keys s/note -> "\ud800"
// put($chars(257), "1") -> RT_ERR_INVALID_KEY @ 21:5 "map key of 257 characters is longer than 256"
// has($chars(257)) -> RT_ERR_INVALID_KEY @ 32:12
// put($chars(256), "7") -> "3"
// has($chars(256)) -> true
