package tokenizer

import (
	"slices"
	"strings"
	"testing"
)

func TestParseSpecialSPM(t *testing.T) {
	tok := loadVocab(t, "llama-spm")
	hi := tok.Encode("Hi", false, false)
	got := tok.Encode("<s>Hi</s>", false, true)
	want := append(append([]int32{tok.BOS()}, hi...), tok.EOS())
	if !slices.Equal(got, want) {
		t.Errorf("parsed: got %v, want %v", got, want)
	}
	plain := tok.Encode("<s>Hi</s>", false, false)
	if slices.Contains(plain, tok.BOS()) || slices.Contains(plain, tok.EOS()) {
		t.Errorf("control tokens matched without parseSpecial: %v", plain)
	}
	if got := tok.Decode(plain); got != "<s>Hi</s>" {
		t.Errorf("Decode(plain) = %q", got)
	}
	// addSpecial follows add_bos_token / add_eos_token
	if ids := tok.Encode("Hi", true, false); !slices.Equal(ids, append([]int32{tok.BOS()}, hi...)) {
		t.Errorf("addSpecial: %v", ids)
	}
	if ids := tok.Encode("", true, false); !slices.Equal(ids, []int32{tok.BOS()}) {
		t.Errorf("empty with BOS: %v", ids)
	}
	if ids := tok.Encode("", false, false); len(ids) != 0 {
		t.Errorf("empty: %v", ids)
	}
	if !tok.IsEOG(tok.EOS()) || tok.IsEOG(tok.BOS()) || !tok.IsControl(tok.BOS()) {
		t.Error("EOG/control classification")
	}
}

func TestParseSpecialBPE(t *testing.T) {
	tok := loadVocab(t, "gpt-2")
	eot, _ := tok.TokenID("<|endoftext|>")
	if got := tok.Encode("a<|endoftext|>b", false, true); !slices.Equal(got, []int32{64, eot, 65}) {
		t.Errorf("parsed: %v", got)
	}
	plain := tok.Encode("a<|endoftext|>b", false, false)
	if slices.Contains(plain, eot) {
		t.Errorf("matched without parseSpecial: %v", plain)
	}
	if tok.AddBOS() || slices.Contains(tok.Encode("a", true, false), tok.BOS()) {
		t.Error("gpt-2 must not add BOS")
	}
	if !tok.IsEOG(eot) || tok.EOT() != eot {
		t.Error("<|endoftext|> is the end of generation")
	}

	ds := loadVocab(t, "deepseek-llm")
	if ids := ds.Encode("a", true, false); ids[0] != ds.BOS() || !ds.AddBOS() {
		t.Errorf("deepseek adds BOS: %v", ids)
	}
}

// User-defined tokens are cut out of the text even without parseSpecial (mpt
// defines runs of spaces as tokens).
func TestUserDefinedAlwaysMatched(t *testing.T) {
	tok := loadVocab(t, "mpt")
	spaces := strings.Repeat(" ", 24)
	id, ok := tok.TokenID(spaces)
	if !ok || tok.TokenAttr(id)&AttrUserDefined == 0 {
		t.Fatal("mpt has no user-defined 24-space token")
	}
	ids := tok.Encode("a"+spaces+"b", false, false)
	if !slices.Contains(ids, id) {
		t.Errorf("24 spaces not matched: %v", ids)
	}
}

// llama.cpp strips whitespace after phi-3's special tokens (rstrip) and gives
// the following text the SentencePiece space prefix again.
func TestPhi3RStrip(t *testing.T) {
	tok := loadVocab(t, "phi-3")
	user, ok := tok.TokenID("<|user|>")
	if !ok || tok.TokenAttr(user)&AttrRStrip == 0 {
		t.Fatalf("<|user|> lacks rstrip: %b", tok.TokenAttr(user))
	}
	got := tok.Encode("<|user|>\n  Hi", false, true)
	want := append([]int32{user}, tok.Encode("Hi", false, false)...)
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestWordPieceSpecial(t *testing.T) {
	tok := loadVocab(t, "bert-bge")
	ids := tok.Encode("hello [MASK] world", true, true)
	mask, _ := tok.TokenID("[MASK]")
	if ids[0] != tok.BOS() || ids[len(ids)-1] != tok.SEP() || !slices.Contains(ids, mask) {
		t.Errorf("ids %v", ids)
	}
	if slices.Contains(tok.Encode("hello [MASK] world", false, false), mask) {
		t.Error("[MASK] matched without parseSpecial")
	}
}

func TestPieces(t *testing.T) {
	spm := loadVocab(t, "llama-spm")
	nl, _ := spm.TokenID("<0x0A>")
	if p := spm.TokenPiece(nl); p != "\n" {
		t.Errorf("<0x0A> piece %q", p)
	}
	hello, _ := spm.TokenID("▁Hello")
	if p := spm.TokenPiece(hello); p != " Hello" {
		t.Errorf("▁Hello piece %q", p)
	}
	if p := string(spm.AppendPiece(nil, hello, false, true)); p != "Hello" {
		t.Errorf("lstrip piece %q", p)
	}
	if p := string(spm.AppendPiece(nil, spm.BOS(), false, false)); p != "" {
		t.Errorf("hidden BOS piece %q", p)
	}
	if spm.TokenPiece(-1) != "" || spm.TokenPiece(int32(spm.VocabSize())) != "" {
		t.Error("invalid ids must give empty pieces")
	}
	bpe := loadVocab(t, "gpt-2")
	if p := bpe.TokenPiece(18435); p != " Hello" { // "ĠHello"
		t.Errorf("ĠHello piece %q", p)
	}
}
