package grammar

// formats maps the string formats that are enforced to anchored regexes.
// They are stricter than the RFCs where that keeps them regular and always
// valid: dates never use February 29 (a leap-year check is not regular),
// times never use leap second 60, "T" and "Z" are upper case and UUIDs lower
// case. Other formats (email, uri, ...) are not enforced: the value is a
// plain string, which JSON Schema allows, since format is an annotation
// unless a validator opts in to asserting it.
var formats = map[string]string{
	"date":      dateRe,
	"time":      timeRe,
	"date-time": dateRe + "T" + timeRe,
	"uuid":      `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
	"ipv4":      `(?:` + octetRe + `\.){3}` + octetRe,
}

const (
	dateRe  = `[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))`
	timeRe  = `(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])`
	octetRe = `(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])`
)
