"""The query log (查询使用登记): every view of non-public data — who, when, which subject, why."""
