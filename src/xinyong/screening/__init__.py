"""Screening (联合奖惩核查): departments ask before they act.

The platform answers with the list entries in force and the published measures that apply, logs
every screening, takes the departments' feedback (反馈), and tells subscribers when lists change.
"""
