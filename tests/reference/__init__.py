"""Reference results: answers files in, the complete `gapassess score --json` output out."""
