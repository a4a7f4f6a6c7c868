package runtime

// State is the simple single-sequence API: one Seq and the Runner that
// advances it. A State is used by one goroutine at a time.
type State struct {
	*Seq
	r     *Runner
	items [1]Item
}

// NewState creates an empty sequence with a context of ctx tokens and a
// runner of its own.
func (m *Model) NewState(ctx int, kvType KVType) (*State, error) {
	seq, err := m.NewSeq(ctx, kvType)
	if err != nil {
		return nil, err
	}
	return &State{Seq: seq, r: m.NewRunner(seq.Ctx())}, nil
}

// Eval runs tokens through the model after the tokens already in the cache
// and returns logits: for every token when all is set ([n, vocab]), else for
// the last one only ([vocab]). The returned slice is owned by the State and
// valid until the next call.
func (s *State) Eval(tokens []int32, all bool) ([]float32, error) {
	s.items[0] = Item{Seq: s.Seq, Tokens: tokens, All: all}
	if err := s.r.Eval(s.items[:]); err != nil {
		return nil, err
	}
	return s.items[0].Logits, nil
}
