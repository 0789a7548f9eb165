"""Credit reports (公共信用信息报告): issued to each audience through the disclosure policy, recorded,
sealed into the ledger, and verifiable offline from the PDF alone (see ``docs/reports.md``)."""
