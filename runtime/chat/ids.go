package chat

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
)

const idAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// mistralIDLen is the call ID length Mistral's template insists on (it
// raises "Tool call IDs should be alphanumeric strings with length 9!"), so
// IDs made for that format must survive the next request's render.
const mistralIDLen = 9

// RandomID returns a fresh call ID: "call_" and 24 random alphanumerics, as
// OpenAI's look, or 9 alphanumerics for FormatMistral.
func RandomID(format string) string {
	if format == FormatMistral {
		return randomAlnum(mistralIDLen)
	}
	return "call_" + randomAlnum(24)
}

func randomAlnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = idAlphabet[rand.IntN(len(idAlphabet))]
	}
	return string(b)
}

// SequentialIDs returns an ID source counting from 1, for reproducible
// output in tests: call_1, call_2, … (for FormatMistral, the 9-character
// call00001, call00002, …). It is safe for concurrent use.
func SequentialIDs() func(format string) string {
	var n atomic.Int64
	return func(format string) string {
		i := n.Add(1)
		if format == FormatMistral {
			return fmt.Sprintf("call%05d", i%100000)
		}
		return fmt.Sprintf("call_%d", i)
	}
}
