"""The subject's side of the platform: credit commitments (信用承诺), objections (异议) and credit
repair (信用修复), each step with its deadline in working days, its actor and its event.

Every state change goes through ``steps.record_step``: a ``WorkflowStep`` row (the case's
timeline), an event ``workflows:<case>:<action>`` in the journal, and the notifications it owes.
"""
