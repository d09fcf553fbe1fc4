"""Pure extraction: text in, figures and actors out. No I/O, no clock."""
