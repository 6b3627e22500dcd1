"""The run machinery that exists only for speed and robustness: the worker processes, the analyses
prepared ahead, the chunk replay, the findings spool, memory tuning, progress."""
