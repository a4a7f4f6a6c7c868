// Package tokenizer turns text into token ids and back exactly the way
// llama.cpp does for the vocabularies stored in GGUF files.
//
// Three tokenizer models are implemented, each mirroring its llama.cpp
// counterpart in llama-vocab.cpp and unicode.cpp, quirks included, because a
// model only behaves as trained when it sees the ids its reference runtime
// would produce:
//
//   - "llama": SentencePiece BPE (llm_tokenizer_spm) with byte fallback.
//   - "gpt2": byte-level BPE (llm_tokenizer_bpe) with the pre-tokenizer
//     selected by tokenizer.ggml.pre (see PreTokenizers); an unknown name is
//     an error, as in llama.cpp, and a missing one means "default".
//   - "bert": WordPiece (llm_tokenizer_wpm).
//
// Special tokens are carved out of the text before the model runs
// (tokenizer_st_partition): user-defined tokens always, control and unknown
// tokens only when Encode is asked to parse special tokens.
//
// # Decoding
//
// Decode(Encode(s, false, false)) gives s back for SentencePiece and
// byte-level BPE vocabularies whenever s is valid UTF-8, with three
// llama.cpp-inherited exceptions: a literal ▁ in s (SentencePiece encodes it
// like a space), the text of a user-defined token in a SentencePiece input
// (the text after it gets the space prefix again), and bytes a byte-level
// vocabulary cannot spell (falcon's lacks some control characters; llama.cpp
// drops them). Invalid UTF-8 survives SentencePiece byte for byte through
// <0xNN> tokens (only a space right after a bad lead byte comes back as ▁),
// while the byte-level BPE sees U+FFFD for every byte llama.cpp's decoder
// rejects. WordPiece decoding is lossy: lowercase, accents stripped, spaces
// around punctuation.
//
// Generated tokens should be printed through a StreamDecoder, which holds
// back the bytes of a UTF-8 character until the token completing it arrives.
//
// A Tokenizer is immutable after FromGGUF and safe for concurrent use.
package tokenizer
