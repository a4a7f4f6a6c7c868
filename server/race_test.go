//go:build race

package server

// raceEnabled: the race detector makes the model's forward pass about 15×
// slower, so the load tests generate fewer tokens and wait longer.
const raceEnabled = true
