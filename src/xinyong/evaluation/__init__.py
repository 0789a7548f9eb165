"""Public credit evaluation (公共信用综合评价): models as versioned data, a scoring engine that explains
every grade, runs with history, re-grading from the event journal, and a Dask backend."""
