// Package server is Lares's OpenAI-compatible HTTP API, on fasthttp:
//
//	GET  /v1/models, /v1/models/{id}   the one model served (--alias or the file's name)
//	POST /v1/chat/completions          chat, streamed over server-sent events or not;
//	                                   n choices, logprobs, stop, seed, penalties, logit_bias,
//	                                   response_format (json_object, json_schema), tools
//	POST /v1/completions               the legacy text API: string, strings or token prompts,
//	                                   echo, legacy logprobs, n
//	POST /v1/embeddings                pooled, L2-normalised final hidden states (float or base64)
//	GET  /health                       200 when a slot is free; 503 loading, busy or stopping
//	GET  /metrics                      Prometheus text format
//
// Every generation runs on one runtime.Scheduler, so concurrent requests
// share forward passes (continuous batching), a full queue answers 429 with
// Retry-After, and a conversation's earlier turns stay cached in a slot for
// the next request that continues it. The n choices of a prompt form a
// runtime.PromptGroup: the prompt is evaluated once and its KV entries
// copied into the other choices' slots. The scheduler's callbacks never
// block: they append to a per-request buffer that the request's goroutine
// drains into the response.
//
// A client that disconnects stops its generation at the next step, streamed
// or not: fasthttp offers no per-request cancellation, so a goroutine reads
// the connection while its request generates and cancels on EOF (see
// connWatch). A write error on a stream does the same. Bytes the watch
// reads of a pipelined request are given back to the connection
// (replayConn), so the request is answered after the current one.
//
// Output constrained by a JSON Schema (response_format, and tool_choice
// "required" or a named function, which force {"name", "arguments"}) is
// sampled under a grammar that counts the tokens left, so it parses and
// validates even when it reaches max_tokens, and is compact JSON. With
// tools in auto mode the reply is parsed in the chat template's tool-call
// format. Streamed, calls go out as OpenAI streams them, a header delta
// then argument fragments, as they are generated; text streams as content
// except what could still begin a call (see toolStream).
//
// /v1/completions with echo and logprobs scores the prompt: the scheduler
// evaluates it whole, with the logits of every position (no cache reuse).
//
// Errors use OpenAI's shape, {"error": {"message", "type", "param",
// "code"}}, and never carry internal detail: panics become a generic 500 and
// the detail goes to the log.
package server
