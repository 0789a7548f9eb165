"""Graded supervision (信用分类分级监管, 双随机、一公开): inspection tasks that draw subjects at random,
more often where the grade is worse, from a published seed and candidate list that anyone can check."""
