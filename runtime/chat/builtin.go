package chat

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// Built-in templates, for models whose GGUF carries no chat template (older
// conversions, base models fine-tuned elsewhere) and for the server's
// --chat-template override. Each is the documented prompt format of its
// family written as small as it can be; where the family has a tool-call
// format (Llama 3.1 JSON, Hermes <tool_call>, Mistral [TOOL_CALLS]) the
// template renders tools and past calls in it, and gemma and phi3, which
// have none, describe the generic JSON form ParseToolCalls reads.

// genericTools appends the tool list and the reply format to ns.text.
const genericTools = `
{%- if tools %}
{%- if ns.text %}{% set ns.text = ns.text + '\n\n' %}{% endif %}
{%- set ns.text = ns.text + 'You can call these functions:\n' %}
{%- for tool in tools %}{% set ns.text = ns.text + tool | tojson + '\n' %}{% endfor %}
{%- set ns.text = ns.text + 'To call functions, reply with only JSON: {"name": <function-name>, "arguments": <args-json-object>}, or a list of such objects.' %}
{%- endif %}`

// genericCalls prints an assistant turn's calls in the generic JSON form.
const genericCalls = `
{%- if message.tool_calls | length > 1 %}{{ '[' }}{% endif %}
{%- for call in message.tool_calls %}
{{- '{"name": ' + call.function.name | tojson + ', "arguments": ' + call.function.arguments | tojson + '}' }}
{%- if not loop.last %}{{ ', ' }}{% endif %}
{%- endfor %}
{%- if message.tool_calls | length > 1 %}{{ ']' }}{% endif %}`

var builtinSources = map[string]string{
	// ChatML (OpenAI's format, used by Qwen, Yi, many fine-tunes), with
	// tools the Hermes way Qwen2.5 uses.
	"chatml": `
{%- if tools %}
{{- '<|im_start|>system\n' }}
{%- if messages and messages[0].role == 'system' %}
{{- messages[0].content + '\n\n' }}
{%- endif %}
{{- '# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>' }}
{%- for tool in tools %}
{{- '\n' + tool | tojson }}
{%- endfor %}
{{- '\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call><|im_end|>\n' }}
{%- elif messages and messages[0].role == 'system' %}
{{- '<|im_start|>system\n' + messages[0].content + '<|im_end|>\n' }}
{%- endif %}
{%- for message in messages %}
{%- if message.role == 'system' and loop.first %}
{%- elif message.role == 'assistant' and message.tool_calls %}
{{- '<|im_start|>assistant' }}
{%- if message.content %}{{ '\n' + message.content }}{% endif %}
{%- for call in message.tool_calls %}
{{- '\n<tool_call>\n{"name": "' + call.function.name + '", "arguments": ' + call.function.arguments | tojson + '}\n</tool_call>' }}
{%- endfor %}
{{- '<|im_end|>\n' }}
{%- elif message.role == 'tool' %}
{%- if loop.first or messages[loop.index0 - 1].role != 'tool' %}{{ '<|im_start|>user' }}{% endif %}
{{- '\n<tool_response>\n' + message.content + '\n</tool_response>' }}
{%- if loop.last or messages[loop.index0 + 1].role != 'tool' %}{{ '<|im_end|>\n' }}{% endif %}
{%- else %}
{{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>\n' }}
{%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
{{- '<|im_start|>assistant\n' }}
{%- endif %}`,

	// Llama 3 / 3.x Instruct; tools as Llama 3.1 takes them (JSON
	// {"name", "parameters"} replies, results in ipython turns), declared in
	// the system turn.
	"llama3": `
{{- bos_token }}
{%- if messages and messages[0].role == 'system' %}
{%- set system = messages[0].content | trim %}
{%- set messages = messages[1:] %}
{%- else %}
{%- set system = '' %}
{%- endif %}
{%- if tools %}
{{- '<|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\n\n' }}
{{- 'You have access to the following functions. To call a function, please respond with JSON for a function call. Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}. Do not use variables.\n\n' }}
{%- for tool in tools %}
{{- tool | tojson(indent=4) + '\n\n' }}
{%- endfor %}
{{- system + '<|eot_id|>' }}
{%- elif system %}
{{- '<|start_header_id|>system<|end_header_id|>\n\n' + system + '<|eot_id|>' }}
{%- endif %}
{%- for message in messages %}
{%- if message.tool_calls %}
{{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
{%- for call in message.tool_calls %}
{{- '{"name": "' + call.function.name + '", "parameters": ' + call.function.arguments | tojson + '}' }}
{%- if not loop.last %}{{ '; ' }}{% endif %}
{%- endfor %}
{{- '<|eot_id|>' }}
{%- elif message.role == 'tool' or message.role == 'ipython' %}
{{- '<|start_header_id|>ipython<|end_header_id|>\n\n' + message.content + '<|eot_id|>' }}
{%- else %}
{{- '<|start_header_id|>' + message.role + '<|end_header_id|>\n\n' + message.content | trim + '<|eot_id|>' }}
{%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
{{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
{%- endif %}`,

	// Mistral Instruct v0.3: [INST] turns, the system prompt and the tool
	// list placed before the last user turn, calls after [TOOL_CALLS].
	// Unlike Mistral's own template it does not insist on alternating roles.
	"mistral": `
{{- bos_token }}
{%- if messages and messages[0].role == 'system' %}
{%- set system = messages[0].content %}
{%- set messages = messages[1:] %}
{%- endif %}
{%- set ns = namespace(last_user=-1) %}
{%- for message in messages %}
{%- if message.role == 'user' %}{% set ns.last_user = loop.index0 %}{% endif %}
{%- endfor %}
{%- for message in messages %}
{%- if message.role == 'user' %}
{%- if tools and loop.index0 == ns.last_user %}
{{- '[AVAILABLE_TOOLS] ' + tools | tojson + '[/AVAILABLE_TOOLS]' }}
{%- endif %}
{%- if system is defined and loop.index0 == ns.last_user %}
{{- '[INST] ' + system + '\n\n' + message.content + '[/INST]' }}
{%- else %}
{{- '[INST] ' + message.content + '[/INST]' }}
{%- endif %}
{%- elif message.tool_calls %}
{{- '[TOOL_CALLS] [' }}
{%- for call in message.tool_calls %}
{{- '{"name": "' + call.function.name + '", "arguments": ' + call.function.arguments | tojson }}
{%- if call.id %}{{ ', "id": "' + call.id + '"' }}{% endif %}
{{- '}' }}
{%- if not loop.last %}{{ ', ' }}{% endif %}
{%- endfor %}
{{- ']' + eos_token }}
{%- elif message.role == 'assistant' %}
{{- ' ' + message.content | trim + eos_token }}
{%- elif message.role == 'tool' %}
{{- '[TOOL_RESULTS] {"content": ' + message.content }}
{%- if message.tool_call_id %}{{ ', "call_id": "' + message.tool_call_id + '"' }}{% endif %}
{{- '}[/TOOL_RESULTS]' }}
{%- endif %}
{%- endfor %}`,

	// Gemma (1, 2, 3): user and model turns only; a system prompt becomes
	// the start of the first user turn, as Gemma 3's template does.
	"gemma": `
{{- bos_token }}
{%- set ns = namespace(text='') %}
{%- if messages and messages[0].role == 'system' %}
{%- set ns.text = messages[0].content | trim %}
{%- set messages = messages[1:] %}
{%- endif %}` + genericTools + `
{%- for message in messages %}
{%- if message.role == 'assistant' %}
{{- '<start_of_turn>model\n' }}
{%- if message.tool_calls %}` + genericCalls + `
{%- else %}
{{- message.content | trim }}
{%- endif %}
{{- '<end_of_turn>\n' }}
{%- else %}
{{- '<start_of_turn>user\n' }}
{%- if loop.first and ns.text %}{{ ns.text + '\n\n' }}{% endif %}
{{- message.content | trim + '<end_of_turn>\n' }}
{%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
{{- '<start_of_turn>model\n' }}
{%- endif %}`,

	// Phi-3 / Phi-3.5: <|system|>, <|user|>, <|assistant|> turns closed by
	// <|end|>.
	"phi3": `
{%- set ns = namespace(text='') %}
{%- if messages and messages[0].role == 'system' %}
{%- set ns.text = messages[0].content %}
{%- set messages = messages[1:] %}
{%- endif %}` + genericTools + `
{%- if ns.text %}{{ '<|system|>\n' + ns.text + '<|end|>\n' }}{% endif %}
{%- for message in messages %}
{%- if message.role == 'assistant' %}
{{- '<|assistant|>\n' }}
{%- if message.tool_calls %}` + genericCalls + `
{%- else %}
{{- message.content }}
{%- endif %}
{{- '<|end|>\n' }}
{%- elif message.role == 'system' %}
{{- '<|system|>\n' + message.content + '<|end|>\n' }}
{%- else %}
{{- '<|user|>\n' + message.content + '<|end|>\n' }}
{%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
{{- '<|assistant|>\n' }}
{%- else %}
{{- eos_token }}
{%- endif %}`,
}

// builtinFormats are the tool-call formats the built-ins teach.
var builtinFormats = map[string]string{
	"chatml":  FormatHermes,
	"llama3":  FormatLlama3,
	"mistral": FormatMistral,
	"gemma":   FormatGeneric,
	"phi3":    FormatGeneric,
}

// Builtins lists the names Builtin accepts.
func Builtins() []string {
	names := make([]string, 0, len(builtinSources))
	for n := range builtinSources {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ErrUnknownTemplate is returned (wrapped) for a name that is neither a
// built-in nor a readable file.
var ErrUnknownTemplate = errors.New("unknown chat template")

// Builtin returns the built-in template called name, with empty bos_token
// and eos_token (see WithTokenizer).
func Builtin(name string) (*Template, error) {
	src, ok := builtinSources[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (built-ins: %s)", ErrUnknownTemplate, name, strings.Join(Builtins(), ", "))
	}
	t, err := New("builtin:"+name, strings.TrimPrefix(src, "\n"))
	if err != nil {
		return nil, err // a bug in this file; the tests parse every built-in
	}
	t.format = builtinFormats[name]
	return t, nil
}

// Load resolves the server's --chat-template NAME|FILE: a built-in name, or
// else the path of a file holding a Jinja template. A built-in name wins
// over a file of the same name in the working directory; write ./NAME for
// the file.
func Load(nameOrPath string) (*Template, error) {
	if _, ok := builtinSources[nameOrPath]; ok {
		return Builtin(nameOrPath)
	}
	src, err := os.ReadFile(nameOrPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w %q: not a built-in (%s) and no such file", ErrUnknownTemplate, nameOrPath, strings.Join(Builtins(), ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("chat template: %w", err)
	}
	return New(nameOrPath, string(src))
}
