// Package chat turns OpenAI-style chat requests into a model's prompt and
// reads tool calls back out of its replies.
//
// Models are trained on conversations laid out in one exact text format,
// which HF-style models describe with a Jinja2 chat template stored in the
// GGUF (tokenizer.chat_template). Rendering that template, rather than a
// hand-written approximation, is the only way to give every model the
// prompt it expects, so Template runs it on a real Jinja engine (gonja) set
// up the way HF transformers sets up Jinja: trim_blocks and lstrip_blocks,
// the raise_exception and strftime_now helpers, a tojson that prints JSON
// byte for byte as Python's json.dumps does, and Python's ordered dicts and
// negative list indexes. Models without a template get a built-in one
// (Builtin, GuessBuiltin), and the server can override either with Load.
//
// Tool calls go the other way: each model family writes calls in its own
// format (Hermes <tool_call> tags, Llama 3.1 JSON, Mistral [TOOL_CALLS]),
// which ParseToolCalls turns back into OpenAI's tool_calls shape.
//
// # Known differences from Python's Jinja
//
// The fixes above cover what the chat templates of popular models use.
// gonja still differs where they rarely go: {{ none }} prints "" where
// Python prints "None" (and None + "x" concatenates instead of raising);
// mutating a nested container in place (ns.items.append(x), d.update(...))
// is lost, though reassigning (set ns.items = ns.items + [x]) works; a list
// literal written in the template indexes x[-len(x)] as missing; 2 ** 3 is
// 8.0. Some syntax errors carry no position (Line 0).
package chat
