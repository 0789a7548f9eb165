"""Public search (信用查询): subjects by name, former name, code or partial code."""
