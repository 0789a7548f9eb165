"""Identifiers: USCC (GB 32100), citizen ID (GB 11643), organisation code (GB 11714), registration number (GS15)."""
