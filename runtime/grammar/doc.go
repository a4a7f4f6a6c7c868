// Package grammar constrains generation so that the output is always a JSON
// document that validates against a JSON Schema, whatever the model: it
// backs OpenAI's response_format {"type": "json_object"} and
// {"type": "json_schema"}, and forced tool calls.
//
// # Use
//
// Compile a schema once per request (or cache it: a Grammar is immutable
// and shared safely), build a TokenSet once per model, then drive one
// Matcher per generated sequence:
//
//	g, err := grammar.Compile(schema) // nil: any JSON object; errors are *SchemaError (a 400)
//	ts := grammar.NewTokenSet(tok)    // once per model
//	m := g.NewMatcher(ts)
//	for left := maxTokens; left > 0 && !m.Done(); left-- {
//		logits := model.Next(...)
//		m.MaskBudget(logits, left) // disallowed tokens get -Inf
//		id := sampler.Sample(logits)
//		m.AcceptToken(id)          // EOG sets Done
//	}
//
// Tool calls use CompileToolCall, which builds
// {"name": <one of the tools>, "arguments": <that tool's parameters>} with
// each parameters schema compiled as its own document.
//
// # How it works
//
// Compile turns the schema into a graph of nodes (object, array, string,
// number, literal set, anyOf) after resolving $ref (recursion included),
// merging allOf and expanding type arrays; the shortest text of every node
// is computed and alternatives that cannot be completed are dropped, so a
// matcher never enters a state it cannot finish.
//
// A Matcher is a pushdown automaton over bytes: a stack of small frames
// (one per open value) that copies with a single copy(). Undecided anyOf
// branches run as parallel stacks ("threads") until the bytes tell them
// apart, like the two tool names of a call. Strings are lexed into
// characters (escapes, surrogate pairs, UTF-8 checked), so lengths and
// patterns apply to characters; patterns and formats are compiled into
// DFAs over characters.
//
// Mask walks a trie of the vocabulary's pieces once, advancing copies of
// the state byte by byte and dropping a subtree at the first byte the
// grammar rejects. Inside strings, where nearly every token fits, that walk
// is avoided: tokens that are pure string content (no quote, backslash or
// control byte, whole UTF-8 characters) are allowed as a block by character
// count, or, under a pattern, by walking a small trie of the tokens spelled
// in the pattern's character classes; only the other few thousand tokens
// are walked. Pure-token sets of pattern and key states are cached per
// matcher. On a 143k-token vocabulary a mask takes 0.04 to 0.55 ms in the
// states BenchmarkMask measures (2 loaded cores); preparing the vocabulary
// takes about 80 ms per model, compiling a typical schema about 0.1 ms, and
// a pattern's class trie about 15 ms on its first mask.
//
// # Termination
//
// MinBytesToFinish is the exact length of the shortest completion.
// MaskBudget(logits, tokensLeft) allows only tokens after which that
// completion still fits in the tokens left (one token per byte, plus EOG):
// with max_tokens >= MinBytesToFinish()+1 at the start, every generation
// ends with a complete document, which is what a random model needs. It
// costs nothing while the budget is loose and becomes a closing mode as it
// runs out. Masks allow no whitespace outside strings, and numbers are
// limited to 18 integer digits, 18 fraction digits and a 2-digit exponent,
// so no single value can grow without bound on its own. (Advance, which
// reads text rather than generating it, accepts up to 24 bytes of
// whitespace between tokens.)
//
// # Supported schemas
//
// type (including arrays of types, and nullable), properties, required,
// additionalProperties (false, true or a schema), items, prefixItems (and
// draft-7 array items with additionalItems), minItems, maxItems, enum,
// const, anyOf, oneOf (treated as anyOf), allOf (merged), $ref to "#",
// JSON pointers (#/$defs/..., #/definitions/...), $anchor and the
// document's own $id, minLength, maxLength, pattern, format, minimum,
// maximum, exclusiveMinimum, exclusiveMaximum (numbers or draft-4
// booleans), multipleOf 1. Without "type", the keywords present imply it;
// with none, any value. Annotations and unknown keywords are ignored.
//
// Enforced formats: date, time, date-time, uuid and ipv4 (see formats for
// the exact forms). Other formats are not enforced: the value is a plain
// string. Patterns are ECMAScript regexes without backreferences,
// lookaround or word boundaries, matched anywhere unless anchored (^ and $
// only at the ends of top-level alternatives).
//
// Rejected with a *SchemaError: not, if, $dynamicRef, patternProperties,
// propertyNames, dependent*, contains, uniqueItems (unless maxItems <= 1),
// multipleOf other than 1, minProperties above the required count,
// maxProperties that could bind, remote $refs, allOf parts that cannot be
// merged (two different patterns), and unsatisfiable schemas.
//
// # What is generated
//
// Output is stricter than the schema in ways that keep it valid:
//   - It is compact JSON: no whitespace before, between or after tokens,
//     only inside strings. Left free, weak models pad with spaces and
//     newlines, which cost tokens and carry nothing.
//   - Keys come in the order of "properties"; optional ones may be skipped.
//     Undeclared keys (additionalProperties true or a schema) come after
//     the declared ones, and only when the object declares properties they
//     are written without escapes, so that they can be told apart from the
//     declared keys byte by byte. Without "properties" any key may appear,
//     and a key may repeat (JSON parsers keep the last value).
//   - With "properties" and no additionalProperties, only declared keys
//     are generated (as llama.cpp does), although the schema allows others.
//   - enum and const values are generated in their compact spelling only,
//     and enum values that the rest of the schema rejects are dropped.
//   - oneOf is generated as anyOf: its branches should exclude each other
//     (a const discriminator does), or a value may match two of them.
//   - Pattern and format strings use only Basic Multilingual Plane
//     characters and "." excludes every line terminator, so that
//     ECMAScript and RE2 validators agree on them.
//   - Bounded numbers have no exponent; integers have no fraction or
//     exponent. -0 is allowed where 0 is.
//
// A TokenSet relies on TokenPiece being exactly the bytes a token adds to
// the text, and MaskBudget on the vocabulary having a token for each byte
// a shortest completion uses: ASCII, and the bytes of declared keys and
// enum values (true of every SentencePiece and byte-level BPE vocabulary in
// the fixtures, short of a few 4-byte UTF-8 lead bytes in some). (Masks
// never allow a first token with a leading space, so a SentencePiece
// decoder that drops one has nothing to drop.)
package grammar
